import type { Duplex } from 'node:stream';
import type { FrameReader, FrameViolation } from './frame-reader.js';

/** What a direction tells the connection it belongs to. */
export interface DirectionEvents {
  /** Bytes arrived (the idle timer). */
  touch(): void;
  /** The source sent a frame that breaks the rules; nothing from it was forwarded. */
  violated(direction: TunnelDirection, violation: FrameViolation): void;
  /** The source's close frame has been read to its end. */
  closeRead(direction: TunnelDirection): void;
}

/**
 * One direction of a relayed WebSocket connection: bytes from the source are forwarded to the
 * target as they arrive, frame boundaries tracked by a FrameReader, with backpressure (once the
 * target holds more than `highWaterMark` unsent bytes, the source is not read until it drained).
 * When the gateway closes, its own close frame goes to the target at the next frame boundary and
 * nothing more is forwarded; the source is still read, to see its close frame.
 */
export class TunnelDirection {
  /** A close frame went to the target (the source's own, or the gateway's): nothing else follows it. */
  closeSent = false;
  private closing = false;
  private queuedClose: Buffer | undefined;
  private paused = false;
  private reported = false;

  constructor(
    readonly source: Duplex,
    readonly target: Duplex,
    private readonly reader: FrameReader,
    /** Frames of the gateway's own towards the target are masked (the target is a server). */
    readonly towardsServer: boolean,
    private readonly highWaterMark: number,
    private readonly events: DirectionEvents,
  ) {}

  /** `head`: bytes the source sent right after its handshake, read with it. */
  start(head: Buffer): void {
    this.source.on('data', this.onData);
    if (head.length > 0) this.onData(head);
  }

  /** Sends `frame` (a close) to the target once the frame in flight has passed, then stops forwarding. */
  closeWith(frame: Buffer): void {
    this.closing = true;
    this.resume();
    if (this.closeSent) return;
    if (this.reader.atBoundary) this.send(frame);
    else this.queuedClose = frame;
  }

  private readonly onData = (chunk: Buffer): void => {
    this.events.touch();
    const reader = this.reader;
    const forward = reader.read(chunk, this.closing);
    if (!this.closeSent && forward.length > 0) this.write(forward);
    if (this.queuedClose !== undefined && reader.stoppedAtBoundary) this.send(this.queuedClose);
    if (this.reported) return;
    if (reader.violation !== undefined) {
      this.reported = true;
      this.events.violated(this, reader.violation);
    } else if (reader.closed) {
      this.reported = true;
      // The source's close frame went out with `forward` (unless the gateway had closed first).
      this.closeSent = true;
      this.events.closeRead(this);
    }
  };

  private send(frame: Buffer): void {
    this.queuedClose = undefined;
    this.closeSent = true;
    if (this.target.writable) this.target.write(frame);
  }

  private write(data: Buffer): void {
    const target = this.target;
    target.write(data);
    // Past the socket's own mark a write returned false, so 'drain' will follow.
    if (!this.paused && target.writableNeedDrain && target.writableLength > this.highWaterMark) {
      this.paused = true;
      this.source.pause();
      target.once('drain', this.resume);
    }
  }

  private readonly resume = (): void => {
    if (!this.paused) return;
    this.paused = false;
    this.source.resume();
  };
}
