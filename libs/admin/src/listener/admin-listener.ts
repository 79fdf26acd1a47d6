import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { TlsCredentials } from '#core';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What the listener needs of the Nest application: its Fastify instance, to wait for `ready()`. */
export interface ReadyableApp {
  getHttpAdapter(): { getInstance(): { ready(): PromiseLike<unknown> } };
}

export interface AdminListenOptions {
  readonly app: ReadyableApp;
  readonly host: string;
  /** 0 = any free port; the bound port is returned. */
  readonly port: number;
  /** `both` answers HTTP and HTTPS on the one port. */
  readonly protocols: 'both' | 'https' | 'http';
  /** Required unless `protocols` is `http`. */
  readonly tls?: TlsCredentials;
}

/** First byte of a TLS record carrying a handshake (a ClientHello opens every TLS connection). */
const TLS_HANDSHAKE = 0x16;
/** Time a new connection gets to send its first byte. */
const FIRST_BYTE_TIMEOUT_MS = 30_000;
/** Time in-flight admin requests get at close before their connections are cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * The admin API's socket side. Pass `serverFactory` to the FastifyAdapter so Fastify's
 * request handler is captured instead of Fastify owning a server; `listen()` then serves it
 * over HTTP, HTTPS or both on one port, telling them apart by each connection's first byte.
 */
export class AdminListener {
  private handler?: RequestHandler;
  private http?: HttpServer;
  private https?: HttpsServer;
  private front?: NetServer | HttpServer | HttpsServer;

  /** For `new FastifyAdapter({ serverFactory })`. */
  readonly serverFactory = (handler: RequestHandler): HttpServer => {
    this.handler = handler;
    this.http = createHttpServer(handler);
    return this.http;
  };

  async listen(options: AdminListenOptions): Promise<number> {
    if (!this.handler || !this.http) throw new Error('AdminListener.serverFactory was not given to the FastifyAdapter');
    if (this.front) throw new Error('the admin listener is already listening');
    await options.app.getHttpAdapter().getInstance().ready();
    if (options.protocols !== 'http') {
      if (options.tls === undefined) throw new Error(`admin.protocols ${options.protocols} needs TLS credentials`);
      this.https = createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, this.handler);
      // Fastify answers malformed requests through the HTTP server's clientError listener; HTTPS gets the same.
      for (const listener of this.http.listeners('clientError')) this.https.on('clientError', listener as (...args: unknown[]) => void);
    }
    this.front = options.protocols === 'http' ? this.http : options.protocols === 'https' ? this.https : this.sniffingServer();
    const front = this.front!;
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
  }

  private sniffingServer(): NetServer {
    const http = this.http!;
    const https = this.https!;
    return createNetServer((socket: Socket) => {
      const onError = (): void => {
        socket.destroy();
      };
      socket.on('error', onError);
      // A connection that never sends a byte is not kept open.
      socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
      socket.once('readable', () => {
        const first: Buffer | null = socket.read(1);
        socket.off('error', onError);
        socket.setTimeout(0);
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
