import { WebSocket } from 'ws';
import { isSendableCloseCode, protocolErrorCloseCode } from './close-codes.js';
import { MessagePipe } from './message-pipe.js';

export interface FrameRelayOptions {
  /** No frame either way for this long closes both sides with 1000 "idle timeout". */
  readonly idleTimeoutMs: number;
  /** Unsent bytes towards one side above which the other side stops being read. */
  readonly highWaterMark: number;
  /** A connection open this long is closed with 1001 (spec §10.2: 24 h), so clients reconnect to current routes and keys. */
  readonly maxLifetimeMs: number;
}

/**
 * One established connection: frames flow both ways unchanged, a close on one side closes the
 * other with the same code and reason, a broken socket on one side drops the other, and `ended`
 * is called once both sides are closed.
 */
export class FrameRelay {
  private readonly toBackend: MessagePipe;
  private readonly toClient: MessagePipe;
  private readonly idleTimer: NodeJS.Timeout;
  private lastActivity = Date.now();
  private readonly openedAt = Date.now();
  private open = 2;

  constructor(
    private readonly client: WebSocket,
    private readonly backend: WebSocket,
    private readonly options: FrameRelayOptions,
    private readonly ended: () => void,
  ) {
    this.toBackend = new MessagePipe(client, backend, options.highWaterMark, this.touch);
    this.toClient = new MessagePipe(backend, client, options.highWaterMark, this.touch);
    client.on('close', (code, reason) => this.onClose(this.backend, this.toClient, code, reason));
    backend.on('close', (code, reason) => this.onClose(this.client, this.toBackend, code, reason));
    client.on('error', (error) => this.onError(this.backend, error));
    backend.on('error', (error) => this.onError(this.client, error));
    // One timer per connection, checked a few times per period: frames only write a timestamp.
    this.idleTimer = setInterval(this.checkIdle, Math.max(1, Math.floor(options.idleTimeoutMs / 4)));
    this.idleTimer.unref();
  }

  /** Closes both sides with this code and reason (shutdown and drain: 1001). */
  close(code: number, reason: string): void {
    this.toBackend.release();
    this.toClient.release();
    for (const side of [this.client, this.backend]) {
      if (side.readyState === WebSocket.OPEN) side.close(code, reason);
    }
  }

  private readonly touch = (): void => {
    this.lastActivity = Date.now();
  };

  private readonly checkIdle = (): void => {
    const now = Date.now();
    if (now - this.lastActivity >= this.options.idleTimeoutMs) this.close(1000, 'idle timeout');
    else if (now - this.openedAt >= this.options.maxLifetimeMs) this.close(1001, 'connection lifetime reached');
  };

  /** One side closed: the other gets its code and reason, or a close without code where the code may not be sent. */
  private onClose(other: WebSocket, towardsClosed: MessagePipe, code: number, reason: Buffer): void {
    // The other side's close frame must be read, whatever the closed side left unsent.
    towardsClosed.release();
    if (other.readyState === WebSocket.OPEN) {
      if (isSendableCloseCode(code)) other.close(code, reason);
      else other.close();
    }
    if (--this.open === 0) {
      clearInterval(this.idleTimer);
      this.ended();
    }
  }

  /**
   * A side that broke the protocol (a message over maxPayload, bad UTF-8…) is being closed by ws
   * with the matching status; its own close event will not carry that status (ws stops reading
   * it), so the other side gets it now. A broken socket drops the other side at once.
   */
  private onError(other: WebSocket, error: Error): void {
    const code = protocolErrorCloseCode(error);
    if (code === undefined) other.terminate();
    else if (other.readyState === WebSocket.OPEN) other.close(code);
  }
}
