import type { Socket } from 'node:net';
import type { ConnectionEnd } from '#core';
import type { Duplex } from 'node:stream';
import { closeFrame } from './close-frame.js';
import { FrameReader, type FrameViolation } from './frame-reader.js';
import { type DirectionEvents, TunnelDirection } from './tunnel-direction.js';

export interface FrameTunnelOptions {
  /** Largest message either side may send; a larger one closes both sides with 1009. */
  readonly maxPayload: number;
  /** No byte either way for this long closes both sides with 1000 "idle timeout". */
  readonly idleTimeoutMs: number;
  /** Unsent bytes towards one side above which the other side stops being read. */
  readonly highWaterMark: number;
  /** A connection open this long is closed with 1001 (spec §10.2: 24 h), so clients reconnect to current routes and keys. */
  readonly maxLifetimeMs: number;
}

/** Time the two sides get to finish a close handshake before their sockets are destroyed. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * One established connection, relayed frame for frame: what either side sends reaches the other
 * byte for byte (a client's masked frames stay masked, fragments stay fragments, pings, pongs and
 * close frames pass end to end), as nginx relays an upgraded connection, while the gateway keeps
 * the frame boundaries, so it can enforce the message size and close both sides itself (idle
 * timeout, lifetime, drain, shutdown) with frames of its own. `ended` is called once both sockets
 * are closed.
 */
export class FrameTunnel implements DirectionEvents {
  private readonly toBackend: TunnelDirection;
  private readonly toClient: TunnelDirection;
  private readonly idleTimer: NodeJS.Timeout;
  private closeTimer: NodeJS.Timeout | undefined;
  private lastActivity = Date.now();
  private readonly openedAt = Date.now();
  private closing = false;
  private open = 2;
  /** Who closed first, and why when it was the gateway. */
  private end: ConnectionEnd | undefined;

  constructor(
    client: { readonly socket: Duplex; readonly head: Buffer },
    backend: { readonly socket: Duplex; readonly head: Buffer },
    private readonly options: FrameTunnelOptions,
    private readonly ended: (end: ConnectionEnd) => void,
  ) {
    const { highWaterMark, maxPayload } = options;
    this.toBackend = new TunnelDirection(client.socket, backend.socket, new FrameReader(true, maxPayload), true, highWaterMark, this);
    this.toClient = new TunnelDirection(backend.socket, client.socket, new FrameReader(false, maxPayload), false, highWaterMark, this);
    for (const direction of [this.toBackend, this.toClient]) {
      const { source, target } = direction;
      (source as Partial<Socket>).setNoDelay?.(true);
      (source as Partial<Socket>).setTimeout?.(0);
      source.on('end', () => this.sourceEnded(direction));
      // A broken socket drops the other side at once.
      source.on('error', () => target.destroy());
      source.on('close', () => this.sideClosed(direction));
    }
    // One timer per connection, checked a few times per period: traffic only writes a timestamp.
    this.idleTimer = setInterval(this.checkIdle, Math.max(1, Math.floor(options.idleTimeoutMs / 4)));
    this.idleTimer.unref();
    this.toBackend.start(client.head);
    this.toClient.start(backend.head);
  }

  /** Closes both sides with this code and reason (shutdown and drain: 1001). */
  close(code: number, reason: string, offender?: TunnelDirection): void {
    if (this.closing) return;
    this.end ??= { closedBy: 'gateway', code, reason, ...(offender === undefined ? {} : { offender: this.sideOf(offender) }) };
    this.startClosing();
    this.toClient.closeWith(closeFrame(code, reason, false));
    this.toBackend.closeWith(closeFrame(code, reason, true));
  }

  readonly touch = (): void => {
    this.lastActivity = Date.now();
  };

  violated(direction: TunnelDirection, violation: FrameViolation): void {
    this.close(violation.code, violation.reason, direction);
    // Past a protocol error the side's frames cannot be followed: it gets the close frame and the end of the connection.
    if (violation.code === 1002) direction.source.end();
  }

  /** After a close of the gateway's own, the side's answer ends its connection; otherwise the close passed through. */
  closeRead(direction: TunnelDirection): void {
    this.end ??= { closedBy: this.sideOf(direction) };
    if (this.closing) direction.source.end();
  }

  private readonly checkIdle = (): void => {
    const now = Date.now();
    if (now - this.lastActivity >= this.options.idleTimeoutMs) this.close(1000, 'idle timeout');
    else if (now - this.openedAt >= this.options.maxLifetimeMs) this.close(1001, 'connection lifetime reached');
  };

  /** A side ended its connection: the other gets a close frame without status unless it had one, then the end too. */
  private sourceEnded(direction: TunnelDirection): void {
    this.end ??= { closedBy: this.sideOf(direction) };
    if (!direction.closeSent) direction.closeWith(closeFrame(undefined, '', direction.towardsServer));
    if (!direction.target.destroyed) direction.target.end();
    if (!this.closing) this.startClosing();
  }

  private sideClosed(direction: TunnelDirection): void {
    if (!direction.target.writableEnded) this.sourceEnded(direction);
    if (--this.open > 0) return;
    clearInterval(this.idleTimer);
    clearTimeout(this.closeTimer);
    this.ended(this.end ?? { closedBy: 'gateway' });
  }

  /** The side a direction reads from. */
  private sideOf(direction: TunnelDirection): 'client' | 'backend' {
    return direction === this.toBackend ? 'client' : 'backend';
  }

  private startClosing(): void {
    this.closing = true;
    this.closeTimer = setTimeout(() => {
      this.toClient.source.destroy();
      this.toClient.target.destroy();
    }, CLOSE_TIMEOUT_MS);
    this.closeTimer.unref();
  }
}
