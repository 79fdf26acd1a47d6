import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { encodeFrame } from './frame-encoding.spec-support.js';

export interface ReceivedFrame {
  readonly opcode: number;
  readonly fin: boolean;
  readonly payload: Buffer;
}

/**
 * A WebSocket client that writes frames byte for byte as a test builds them (fragments, split
 * headers, rule-breaking frames) and records the server's frames as they come, unmerged.
 */
export class RawWebSocketClient {
  readonly frames: ReceivedFrame[] = [];
  /** The server's 101 response head. */
  responseHead = '';
  ended = false;
  private buffer = Buffer.alloc(0);

  private constructor(readonly socket: Socket) {}

  static async open(port: number, path = '/'): Promise<RawWebSocketClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const client = new RawWebSocketClient(socket);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await client.readHead();
    socket.on('data', (chunk: Buffer) => client.take(chunk));
    socket.on('end', () => (client.ended = true));
    socket.on('error', () => undefined);
    return client;
  }

  /** Writes one masked frame (or, with `masked: false`, an unmasked one). */
  send(opcode: number, payload: Buffer | string, options: { fin?: boolean; masked?: boolean; rsv?: number } = {}): Buffer {
    const frame = encodeFrame({ opcode, payload: Buffer.from(payload), masked: options.masked ?? true, fin: options.fin, rsv: options.rsv });
    this.socket.write(frame);
    return frame;
  }

  /** The status of the first close frame received, or undefined. */
  closeCode(): number | undefined {
    const close = this.frames.find((f) => f.opcode === 0x8);
    return close === undefined || close.payload.length < 2 ? undefined : close.payload.readUInt16BE(0);
  }

  private async readHead(): Promise<void> {
    let head = Buffer.alloc(0);
    while (!head.includes('\r\n\r\n')) {
      const [chunk] = (await once(this.socket, 'data')) as [Buffer];
      head = Buffer.concat([head, chunk]);
    }
    const end = head.indexOf('\r\n\r\n') + 4;
    this.responseHead = head.subarray(0, end).toString('latin1');
    if (end < head.length) this.take(head.subarray(end));
  }

  private take(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const code = b[1] & 0x7f;
      const start = code < 126 ? 2 : code === 126 ? 4 : 10;
      if (b.length < start) return;
      const length = code < 126 ? code : code === 126 ? b.readUInt16BE(2) : Number(b.readBigUInt64BE(2));
      if (b.length < start + length) return;
      this.frames.push({ opcode: b[0] & 0x0f, fin: (b[0] & 0x80) !== 0, payload: b.subarray(start, start + length) });
      this.buffer = b.subarray(start + length);
    }
  }
}
