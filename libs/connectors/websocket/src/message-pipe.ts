import { WebSocket } from 'ws';

const AS_BINARY = { binary: true } as const;
const AS_TEXT = { binary: false } as const;

/**
 * Messages from one side to the other, text staying text and binary staying binary, with
 * backpressure: once the target holds more than `highWaterMark` bytes unsent, the source stops
 * being read (so TCP slows its sender down) until the sends in flight have gone out and the
 * target's backlog is down to half of it.
 */
export class MessagePipe {
  private paused = false;

  constructor(
    private readonly source: WebSocket,
    private readonly target: WebSocket,
    private readonly highWaterMark: number,
    /** Called on every frame that arrives from the source. */
    private readonly touch: () => void,
  ) {
    source.on('message', this.onMessage);
    source.on('ping', this.onPing);
    source.on('pong', this.onPong);
  }

  /** Reads the source again whatever the target's backlog: the target is closing, the close frame must get through. */
  release(): void {
    if (!this.paused) return;
    this.paused = false;
    this.source.resume();
  }

  private readonly onMessage = (data: Buffer, isBinary: boolean): void => {
    this.touch();
    if (this.target.readyState !== WebSocket.OPEN) return;
    const target = this.target;
    target.send(data, isBinary ? AS_BINARY : AS_TEXT, this.onSent);
    if (!this.paused && target.bufferedAmount > this.highWaterMark) {
      this.paused = true;
      this.source.pause();
    }
  };

  private readonly onSent = (): void => {
    if (this.paused && this.target.bufferedAmount <= this.highWaterMark / 2) this.release();
  };

  // autoPong is off on both sides: a ping reaches the far end and its own pong comes back.
  private readonly onPing = (data: Buffer): void => {
    this.touch();
    if (this.target.readyState === WebSocket.OPEN) this.target.ping(data);
  };

  private readonly onPong = (data: Buffer): void => {
    this.touch();
    if (this.target.readyState === WebSocket.OPEN) this.target.pong(data);
  };
}
