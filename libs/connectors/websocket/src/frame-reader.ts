/** A frame that breaks RFC 6455 or the gateway's limits: the close status and reason both sides get. */
export interface FrameViolation {
  readonly code: number;
  readonly reason: string;
}

const CLOSE = 0x8;
/** Largest payload length whose high 32 bits keep it a safe integer (2^53 - 1). */
const MAX_SAFE_HIGH_WORD = 0x1fffff;

/**
 * Follows the frames of one direction of a WebSocket connection without copying or unmasking
 * them (RFC 6455 §5.2): only headers are read, so frames are relayed exactly as they were sent
 * (fragmentation, masking and control frames included) while the gateway still knows where each
 * frame starts, enforces the maximum message size and the masking rule of the direction, and sees
 * close frames. A header split across chunks is held back (at most 14 bytes) until complete.
 */
export class FrameReader {
  /** The frame at the end of what was forwarded breaks the rules; nothing more is read. */
  violation: FrameViolation | undefined;
  /** A close frame was read to its end. */
  closed = false;
  private remaining = 0;
  private pending: Buffer | undefined;
  private fragmented = false;
  private messageBytes = 0;
  private inClose = false;
  /** Set by `read` when it stopped forwarding at the first frame boundary, as asked. */
  private stopped = false;

  constructor(
    /** Frames from clients are masked, frames from servers are not (§5.1). */
    private readonly masked: boolean,
    private readonly maxMessageBytes: number,
  ) {}

  /** Between two frames (a frame that broke the rules was not forwarded): a frame of the gateway's own may be sent now. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.pending === undefined;
  }

  /** True when the last `read` asked to stop at a boundary reached one. */
  get stoppedAtBoundary(): boolean {
    return this.stopped;
  }

  /**
   * Reads a chunk; returns the part that may be forwarded: everything that arrived, minus an
   * incomplete header at its end, cut before a frame that breaks the rules (`violation` is then
   * set) or, with `stopAtBoundary`, at the first frame boundary.
   */
  read(chunk: Buffer, stopAtBoundary = false): Buffer {
    if (this.violation !== undefined) {
      this.stopped = true;
      return EMPTY;
    }
    let buffer = chunk;
    if (this.pending !== undefined) {
      buffer = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }
    this.stopped = false;
    let forwardEnd = -1;
    let offset = 0;
    const length = buffer.length;
    while (offset < length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, length - offset);
        offset += take;
        this.remaining -= take;
        if (this.remaining > 0) break;
        if (this.inClose) this.closeEnded();
        continue;
      }
      if (stopAtBoundary && forwardEnd < 0) {
        forwardEnd = offset;
        this.stopped = true;
      }
      const headerEnd = this.readHeader(buffer, offset);
      if (headerEnd === 0) {
        this.pending = Buffer.from(buffer.subarray(offset));
        return buffer.subarray(0, forwardEnd < 0 ? offset : forwardEnd);
      }
      if (headerEnd < 0) return buffer.subarray(0, forwardEnd < 0 ? offset : forwardEnd);
      offset = headerEnd;
      if (this.remaining === 0 && this.inClose) this.closeEnded();
    }
    if (stopAtBoundary && forwardEnd < 0 && this.remaining === 0) {
      forwardEnd = length;
      this.stopped = true;
    }
    return forwardEnd < 0 || forwardEnd === length ? buffer : buffer.subarray(0, forwardEnd);
  }

  /** Reads the header at `offset`: its end, 0 when incomplete, -1 when it breaks the rules. */
  private readHeader(buffer: Buffer, offset: number): number {
    const available = buffer.length - offset;
    if (available < 2) return 0;
    const first = buffer[offset];
    const second = buffer[offset + 1];
    const opcode = first & 0x0f;
    const lengthCode = second & 0x7f;
    const isMasked = (second & 0x80) !== 0;
    const size = 2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0) + (isMasked ? 4 : 0);
    if (available < size) return 0;
    if ((first & 0x70) !== 0) return this.broken(1002, 'reserved bits set without an extension');
    if (isMasked !== this.masked) return this.broken(1002, this.masked ? 'client frames must be masked' : 'server frames must not be masked');
    let payload = lengthCode;
    if (lengthCode === 126) payload = buffer.readUInt16BE(offset + 2);
    else if (lengthCode === 127) {
      const high = buffer.readUInt32BE(offset + 2);
      if (high > MAX_SAFE_HIGH_WORD) return this.broken(1009, 'message too big');
      payload = high * 0x1_0000_0000 + buffer.readUInt32BE(offset + 6);
    }
    const fin = (first & 0x80) !== 0;
    const problem = opcode >= CLOSE ? this.controlProblem(opcode, fin, payload) : this.dataProblem(opcode, fin, payload);
    if (problem !== undefined) return this.broken(problem.code, problem.reason);
    this.inClose = opcode === CLOSE;
    this.remaining = payload;
    return offset + size;
  }

  private controlProblem(opcode: number, fin: boolean, payload: number): FrameViolation | undefined {
    if (opcode > 0xa) return { code: 1002, reason: `unknown opcode ${opcode}` };
    if (!fin) return { code: 1002, reason: 'fragmented control frame' };
    if (payload > 125) return { code: 1002, reason: 'control frame over 125 bytes' };
    if (opcode === CLOSE && payload === 1) return { code: 1002, reason: 'close frame with a 1-byte payload' };
    return undefined;
  }

  private dataProblem(opcode: number, fin: boolean, payload: number): FrameViolation | undefined {
    if (opcode === 0) {
      if (!this.fragmented) return { code: 1002, reason: 'continuation frame outside a message' };
    } else if (opcode === 1 || opcode === 2) {
      if (this.fragmented) return { code: 1002, reason: 'new message inside a fragmented one' };
      this.messageBytes = 0;
    } else return { code: 1002, reason: `unknown opcode ${opcode}` };
    this.messageBytes += payload;
    if (this.messageBytes > this.maxMessageBytes) return { code: 1009, reason: 'message too big' };
    this.fragmented = !fin;
    return undefined;
  }

  private broken(code: number, reason: string): -1 {
    this.violation = { code, reason };
    return -1;
  }

  private closeEnded(): void {
    this.inClose = false;
    this.closed = true;
  }
}

const EMPTY = Buffer.alloc(0);
