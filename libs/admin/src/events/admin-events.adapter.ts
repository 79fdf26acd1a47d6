import type { IncomingMessage } from 'node:http';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ADMIN_REALM_HEADER, AdminHttpError, type AdminErrorBody } from '../errors/admin-errors.js';
import { errorBodyOf } from '../errors/error-body.js';
import { EventsHandshake } from './events-handshake.js';
import { selectProtocol } from './events-protocol.js';

/** ws's answer to `verifyClient`: upgrade, or a plain HTTP response with this status, body and headers. */
type VerifyDone = (verified: boolean, status?: number, body?: string, headers?: Record<string, string>) => void;

/**
 * The WebSocket adapter of the admin listener: Nest's `ws` adapter, whose servers ask
 * EventsHandshake before upgrading (ws `verifyClient`), so a refused handshake gets a plain HTTP
 * response with the admin error body and nothing is upgraded, and select `portico.events.v1`
 * among the offered sub-protocols (never the bearer entry, which would echo the token).
 */
export class AdminEventsAdapter extends WsAdapter {
  private readonly events = new Logger('AdminEvents');

  constructor(private readonly context: INestApplicationContext) {
    super(context);
  }

  override create(port: number, options: Record<string, unknown> & { namespace?: string; server?: unknown; path?: string } = {}): unknown {
    const handshakes = this.context.get(EventsHandshake, { strict: false });
    return super.create(port, {
      ...options,
      verifyClient: (info: { req: IncomingMessage }, done: VerifyDone) => {
        handshakes.check(info.req).then(
          () => done(true),
          (error: unknown) => this.refuse(error, done),
        );
      },
      handleProtocols: (offered: ReadonlySet<string>) => selectProtocol(offered),
    });
  }

  /**
   * A client breaking the protocol (a frame over maxPayload, bad masking) is closed by ws with the
   * matching code; that is the client's fault, worth a debug line, not an error with a stack per
   * connection as the base adapter writes.
   */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (client: WebSocket) =>
      client.on('error', (error: Error) => this.events.debug(`An admin event stream client broke the protocol: ${error.message}`)),
    );
    server.on('error', (error: Error) => this.events.error(error));
    return server;
  }

  private refuse(error: unknown, done: VerifyDone): void {
    let body = errorBodyOf(error, 0);
    if (body === undefined) {
      this.events.error('Admin event stream handshake failed', error instanceof Error ? error.stack : String(error));
      body = { status: 500, code: 'admin.internal', message: 'the admin API failed to process the handshake' } satisfies AdminErrorBody;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
    if (body.status === 401) headers['WWW-Authenticate'] = ADMIN_REALM_HEADER;
    if (error instanceof AdminHttpError) Object.assign(headers, error.headers);
    done(false, body.status, JSON.stringify(body), headers);
  }
}
