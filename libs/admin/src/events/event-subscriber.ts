import type WebSocket from 'ws';
import type { GatewayEventType } from '#core';
import type { AcceptedHandshake } from './events-handshake.js';

/** Unsent bytes a subscriber may leave behind before it is closed (1013): the gateway never buffers more for it. */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** Close codes of the stream (RFC 6455 §7.4.1). */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** One connected client of the event stream: its filter, its backlog and its heartbeat. */
export class EventSubscriber {
  private answeredPing = true;
  private readonly types: ReadonlySet<GatewayEventType>;

  constructor(
    readonly socket: WebSocket,
    readonly handshake: AcceptedHandshake,
    /** `user (via) from address`, for log lines. */
    readonly label: string,
  ) {
    this.types = new Set(handshake.types);
    socket.on('pong', () => {
      this.answeredPing = true;
    });
  }

  wants(type: GatewayEventType): boolean {
    return this.types.has(type);
  }

  /** False when the subscriber was too slow and is being closed (1013) instead. */
  send(text: string): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return true;
    if (this.socket.bufferedAmount > MAX_UNREAD_BYTES) {
      this.socket.close(CLOSE_TRY_AGAIN_LATER, 'too slow: over 1 MiB of events unread');
      return false;
    }
    this.socket.send(text);
    return true;
  }

  /** Pings; false (and terminated) when the previous ping got no pong. */
  heartbeat(): boolean {
    if (!this.answeredPing) {
      this.socket.terminate();
      return false;
    }
    this.answeredPing = false;
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
    return true;
  }
}
