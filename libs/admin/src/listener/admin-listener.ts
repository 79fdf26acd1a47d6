import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type BlockList, createServer as createNetServer, isIPv6, type Server as NetServer, type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { ThrottledLog, type TlsCredentials } from '#core';
import { type AdminLimitsSettings, addressRanges } from '#settings';
import { rawAdminError } from './raw-admin-error.js';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What the listener needs of the Nest application: its Fastify instance, to wait for `ready()`. */
export interface ReadyableApp {
  getHttpAdapter(): { getInstance(): { ready(): PromiseLike<unknown> } };
}

/** The connection limits of `admin.limits`. */
export type AdminConnectionLimits = Pick<AdminLimitsSettings, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs'>;

export interface AdminListenOptions {
  readonly app: ReadyableApp;
  readonly host: string;
  /** 0 = any free port; the bound port is returned. */
  readonly port: number;
  /** `both` answers HTTP and HTTPS on the one port. */
  readonly protocols: 'both' | 'https' | 'http';
  /** Required unless `protocols` is `http`. */
  readonly tls?: TlsCredentials;
  readonly limits: AdminConnectionLimits;
  /** admin.allowedClients: addresses and CIDR ranges connections are accepted from; empty: any. */
  readonly allowedClients?: readonly string[];
}

/** First byte of a TLS record carrying a handshake (a ClientHello opens every TLS connection). */
const TLS_HANDSHAKE = 0x16;
/** Time in-flight admin requests get at close before their connections are cut. */
const CLOSE_GRACE_MS = 5_000;
/** How often Node looks for request heads and requests over their deadline (its default, 30 s, would stretch a 10 s deadline to 40 s). */
const DEADLINE_CHECK_INTERVAL_MS = 1_000;

/**
 * The admin API's socket side. Pass `serverFactory` to the FastifyAdapter so Fastify's
 * request handler is captured instead of Fastify owning a server; `listen()` then serves it
 * over HTTP, HTTPS or both on one port, telling them apart by each connection's first byte.
 * Every phase before a request reaches Fastify has a deadline of `headersTimeoutMs` — the
 * first byte, the TLS handshake, the request head — and at most `maxConnections` are open.
 */
export class AdminListener {
  private readonly logger = new Logger('AdminListener');
  private readonly refusals = new ThrottledLog((line) => this.logger.warn(line));
  private handler?: RequestHandler;
  private http?: HttpServer;
  private https?: HttpsServer;
  private front?: NetServer | HttpServer | HttpsServer;

  /** For `new FastifyAdapter({ serverFactory })`. */
  readonly serverFactory = (handler: RequestHandler): HttpServer => {
    this.handler = handler;
    this.http = createHttpServer({ connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS }, handler);
    return this.http;
  };

  async listen(options: AdminListenOptions): Promise<number> {
    if (!this.handler || !this.http) throw new Error('AdminListener.serverFactory was not given to the FastifyAdapter');
    if (this.front) throw new Error('the admin listener is already listening');
    await options.app.getHttpAdapter().getInstance().ready();
    const { limits } = options;
    this.applyDeadlines(this.http, limits);
    if (options.protocols !== 'http') {
      if (options.tls === undefined) throw new Error(`admin.protocols ${options.protocols} needs TLS credentials`);
      const { cert, key } = options.tls;
      this.https = createHttpsServer({ cert, key, handshakeTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS }, this.handler);
      this.applyDeadlines(this.https, limits);
      this.forwardUpgrades(this.https, this.http);
    }
    const sniffing = options.protocols === 'both';
    this.front = options.protocols === 'http' ? this.http : options.protocols === 'https' ? this.https : this.sniffingServer(limits.headersTimeoutMs);
    const front = this.front!;
    // Node closes a connection over the cap as soon as it is accepted; established ones are not touched.
    front.maxConnections = limits.maxConnections;
    front.on('drop', (data?: { remoteAddress?: string }) =>
      this.refusals.note('connections', `Refused an admin connection from ${data?.remoteAddress ?? 'unknown'}: admin.limits.maxConnections (${limits.maxConnections}) are open`),
    );
    if (options.allowedClients !== undefined && options.allowedClients.length > 0) this.acceptOnlyFrom(front, addressRanges(options.allowedClients));
    try {
      await new Promise<void>((resolve, reject) => {
        front.once('error', reject);
        front.listen(options.port, options.host, () => {
          front.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.front = undefined;
      throw error;
    }
    // Node enforces headersTimeout and requestTimeout only on servers that emitted 'listening';
    // the two behind the sniffing front never listen themselves.
    if (sniffing) for (const server of [this.http, this.https]) server?.emit('listening');
    const address = front.address();
    return typeof address === 'object' && address !== null ? address.port : options.port;
  }

  /** Stops accepting connections, lets in-flight requests finish (up to 5 s) and closes. */
  async close(): Promise<void> {
    const front = this.front;
    if (!front) return;
    this.front = undefined;
    const closed = new Promise<void>((resolve) => front.close(() => resolve()));
    const servers = [this.http, this.https].filter((s): s is HttpServer | HttpsServer => s !== undefined);
    for (const server of servers) {
      if (server !== front) server.close();
      server.closeIdleConnections();
    }
    const cut = setTimeout(() => servers.forEach((s) => s.closeAllConnections()), CLOSE_GRACE_MS);
    cut.unref();
    await closed;
    clearTimeout(cut);
    this.refusals.close();
  }

  /** A connection from elsewhere is closed before a byte of it is read: not even a TLS handshake. */
  private acceptOnlyFrom(front: NetServer, allowed: BlockList): void {
    front.prependListener('connection', (socket: Socket) => {
      const address = socket.remoteAddress;
      if (address !== undefined && allowed.check(address, isIPv6(address) ? 'ipv6' : 'ipv4')) return;
      this.refusals.note('client', `Refused an admin connection from ${address ?? 'unknown'}: not in admin.allowedClients`);
      socket.destroy();
    });
  }

  /**
   * WebSocket handshakes over TLS reach the same handling as plain ones: the WebSocket adapter
   * listens on the HTTP server Fastify was given. Without a listener there, nothing is upgraded.
   */
  private forwardUpgrades(from: HttpsServer, to: HttpServer): void {
    from.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      if (to.listenerCount('upgrade') === 0) socket.destroy();
      else to.emit('upgrade', request, socket, head);
    });
  }

  private applyDeadlines(server: HttpServer | HttpsServer, limits: AdminConnectionLimits): void {
    server.headersTimeout = limits.headersTimeoutMs;
    server.requestTimeout = limits.requestTimeoutMs;
    // Fastify's own answer to these has its error shape; the admin API answers in its own.
    server.removeAllListeners('clientError');
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.onClientError(error, socket));
  }

  /**
   * Request heads Node could not parse, or that missed their deadline, never reach Fastify; the
   * HTTPS server hands TLS handshake failures here too.
   */
  private onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') {
      this.refusals.note('handshake', `Closed an admin connection from ${socket.remoteAddress ?? 'unknown'}: no TLS handshake within admin.limits.headersTimeoutMs`);
    }
    // Only the HTTP parser's errors can be answered in HTTP: before a handshake there is no channel to answer on.
    const fromHttpParser = error.code?.startsWith('HPE_') === true || error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    // A response already under way (headers sent) cannot be replaced by an error.
    const inProgress = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!fromHttpParser || !socket.writable || inProgress) {
      socket.destroy();
      return;
    }
    let response: string;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      this.refusals.note('timeout', `Closed an admin connection from ${socket.remoteAddress ?? 'unknown'}: its request took longer than admin.limits.headersTimeoutMs / requestTimeoutMs`);
      response = rawAdminError('admin.request-timeout', 'the request head or body took too long to arrive (admin.limits.headersTimeoutMs / requestTimeoutMs)');
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      response = rawAdminError('admin.headers-too-large', 'the request head is too large');
    } else {
      response = rawAdminError('admin.request-rejected', 'the request could not be parsed');
    }
    // Destroyed once written: a half-open socket would otherwise wait for a client that never closes.
    socket.end(response, () => socket.destroy());
  }

  private sniffingServer(firstByteTimeoutMs: number): NetServer {
    const http = this.http!;
    const https = this.https!;
    return createNetServer((socket: Socket) => {
      const onError = (): void => {
        socket.destroy();
      };
      socket.on('error', onError);
      const onSilence = (): void => {
        this.refusals.note('first-byte', `Closed an admin connection from ${socket.remoteAddress ?? 'unknown'}: nothing sent within admin.limits.headersTimeoutMs`);
        socket.destroy();
      };
      // No byte yet, so no activity: the idle timeout is a deadline here.
      socket.setTimeout(firstByteTimeoutMs);
      socket.once('timeout', onSilence);
      socket.once('readable', () => {
        const first: Buffer | null = socket.read(1);
        socket.off('error', onError);
        // The HTTP server sets its own keep-alive timeouts on this socket later.
        socket.setTimeout(0);
        socket.off('timeout', onSilence);
        if (first === null) {
          socket.destroy();
          return;
        }
        // Both servers read what was pushed back: the HTTP parser through 'data', TLS explicitly.
        socket.unshift(first);
        (first[0] === TLS_HANDSHAKE ? https : http).emit('connection', socket);
      });
    });
  }
}
