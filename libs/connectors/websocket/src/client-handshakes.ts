import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import type { UpgradeRequest } from '#core';

/** How completing a client's handshake went. */
export type ClientHandshakeResult =
  | { readonly kind: 'accepted'; readonly socket: WebSocket }
  /** The client's socket was gone (or half closed): nothing was written. */
  | { readonly kind: 'gone' }
  /** ws answered the client itself (an invalid handshake, 400; or the connector was disposed, 503). */
  | { readonly kind: 'answered'; readonly statusCode: number };

/**
 * The client side of a connector's upgrades: one ws server without a listener of its own,
 * completing handshakes on sockets the data plane hands over, once the backend has accepted.
 * Compression is off and pongs are not automatic, so frames (pings included) pass end to end.
 */
export class ClientHandshakes {
  private readonly server: WebSocketServer;
  /** The sub-protocol the backend chose, per handshake in progress (read by handleProtocols). */
  private readonly chosen = new WeakMap<IncomingMessage, string>();
  private closed = false;

  constructor(maxPayload: number) {
    this.server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload,
      perMessageDeflate: false,
      autoPong: false,
      // Text is relayed as bytes; the endpoint that reads it validates its UTF-8 (a second check per hop costs ~1 µs/100 B).
      skipUTF8Validation: true,
      handleProtocols: (_offered, request) => this.chosen.get(request) || false,
    });
  }

  /** Answers the client's handshake with 101 and `protocol` ('' for none); synchronous, as ws completes it without verifyClient. */
  complete(client: UpgradeRequest['client'], protocol: string): ClientHandshakeResult {
    const { request, socket, head } = client;
    if (socket.destroyed || !socket.readable || !socket.writable) return { kind: 'gone' };
    let accepted: WebSocket | undefined;
    this.chosen.set(request, protocol);
    try {
      this.server.handleUpgrade(request, socket, head, (ws) => (accepted = ws));
    } finally {
      this.chosen.delete(request);
    }
    if (accepted !== undefined) return { kind: 'accepted', socket: accepted };
    return { kind: 'answered', statusCode: this.closed ? 503 : 400 };
  }

  /** Further handshakes are answered 503; established connections are left alone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
  }
}
