import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  DATA_PLANE_ENDPOINTS,
  type DataPlaneStats,
  type DataPlaneStatsSource,
  JWKS_ENDPOINT,
  type DataPlaneEndpoint,
  listenFailure,
  REQUEST_ERRORS,
  REQUEST_OBSERVERS,
  type RequestObserver,
  SNAPSHOT_SOURCE,
  type SnapshotSource,
  ThrottledLog,
  type TlsCredentials,
} from '#core';
import { GatewaySettings } from '#settings';
import { ErrorResponder } from './error-responder.js';
import { GatewayResponse } from './gateway-response.js';
import { RequestDispatcher } from './request-dispatcher.js';
import { SystemEndpoints } from './system-endpoints.js';

/** How often Node looks for request heads over headersTimeoutMs (its default, 30 s, would stretch the deadline by up to that). */
const DEADLINE_CHECK_INTERVAL_MS = 1_000;

export interface DataPlanePorts {
  readonly http: number;
  readonly https?: number;
}

/** What the data plane has open right now (for the metrics). */

/**
 * The data plane's HTTP and HTTPS listeners: plain Node servers whose only handler is the
 * dispatcher (no framework on the request path). Opened after the first snapshot is published;
 * at shutdown they stop accepting, let in-flight requests finish, then close what is left.
 */
@Injectable()
export class DataPlaneServer implements BeforeApplicationShutdown, DataPlaneStatsSource {
  private readonly logger = new Logger('DataPlane');
  /** Refused connections and late request heads: one line at once, then one count a minute. */
  private readonly refusals = new ThrottledLog((line) => this.logger.warn(line));
  private readonly errors: ErrorResponder;
  private readonly system: SystemEndpoints;
  private readonly dispatcher: RequestDispatcher;
  private readonly servers: Server[] = [];
  private openConnections = 0;
  private readonly connectionClosed = (): void => {
    this.openConnections--;
  };

  constructor(
    private readonly settings: GatewaySettings,
    @Inject(SNAPSHOT_SOURCE) source: SnapshotSource,
    // Contributed by feature libs (the security lib's /testkey); none in a data plane composed without them.
    @Optional() @Inject(DATA_PLANE_ENDPOINTS) endpoints: readonly DataPlaneEndpoint[] | null,
    // The backend-security lib's /.wellknown/jwks, while backend JWTs are in use.
    @Optional() @Inject(JWKS_ENDPOINT) jwks: DataPlaneEndpoint | null,
    // The access log, metrics and tracer (the observability lib); none in a data plane composed without it.
    @Optional() @Inject(REQUEST_OBSERVERS) observers: readonly RequestObserver[] | null,
  ) {
    const { soapErrorsInXml, requestId } = settings.dataPlane;
    this.errors = new ErrorResponder(soapErrorsInXml, { header: requestId.header.toLowerCase(), inBodies: requestId.inErrorBodies });
    this.system = new SystemEndpoints([...(endpoints ?? []), ...(jwks ? [jwks] : [])]);
    this.dispatcher = new RequestDispatcher(source, settings, this.errors, this.system, observers ?? []);
  }

  stats(): DataPlaneStats {
    return { openConnections: this.openConnections, webSockets: this.dispatcher.live.size, inFlight: this.dispatcher.inFlight };
  }

  /** Opens the listeners; `tls` is required when the HTTPS listener is enabled. */
  async listen(tls?: TlsCredentials): Promise<DataPlanePorts> {
    const { host, httpPort, httpsPort, httpsEnabled } = this.settings.dataPlane;
    if (httpsEnabled && tls === undefined) throw new Error('the HTTPS listener needs TLS credentials');
    const http = await this.open(createHttpServer(this.serverOptions(), this.dispatcher.handle), host, httpPort, 'HTTP', 'dataPlane.httpPort');
    let https: number | undefined;
    if (tls !== undefined && httpsEnabled) {
      // Clients are asked for a certificate, never required to send one: mutual TLS is per API (spec §11.8).
      const server = createHttpsServer({ ...this.serverOptions(), cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: false }, this.dispatcher.handle);
      https = await this.open(server, host, httpsPort, 'HTTPS', 'dataPlane.httpsPort');
    }
    this.system.ready = true;
    return { http, https };
  }

  /**
   * `/ready` turns 503 at once. On SIGTERM (what orchestrators send) the listeners then keep
   * serving for `shutdownDelayMs`, long enough for load balancers to take the gateway out of
   * rotation; SIGINT (Ctrl-C) and a programmatic close skip that wait. Then the listeners stop
   * accepting and in-flight requests get `drainTimeoutMs` to finish before their connections
   * are cut.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const wasReady = this.system.ready;
    this.system.ready = false;
    this.refusals.close();
    if (this.servers.length === 0) return;
    const { shutdownDelayMs, drainTimeoutMs } = this.settings.dataPlane;
    // Keep-alive clients are told to reconnect, so none is left holding a connection when the
    // listeners close (Envoy's HTTP/1 drain does the same).
    for (const server of this.servers) server.prependListener('request', (_req, res: ServerResponse) => res.setHeader('connection', 'close'));
    if (signal === 'SIGTERM' && wasReady && shutdownDelayMs > 0) {
      this.logger.log(`${signal}: /ready answers 503; the listeners keep serving for ${shutdownDelayMs} ms (dataPlane.shutdownDelayMs), then drain`);
      await new Promise((resolve) => setTimeout(resolve, shutdownDelayMs));
    }
    const closed = this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const server of this.servers) server.closeIdleConnections();
    if (this.dispatcher.live.size > 0) this.logger.log(`Closing ${this.dispatcher.live.size} WebSocket connection(s) with 1001 (going away)`);
    this.dispatcher.live.closeAll();
    if (wasReady) this.logger.log(`Draining: listeners closed, ${this.dispatcher.inFlight} request(s) in flight, up to ${drainTimeoutMs} ms (dataPlane.drainTimeoutMs)`);
    const deadline = Date.now() + drainTimeoutMs;
    while (this.dispatcher.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const cut = this.dispatcher.inFlight;
    for (const server of this.servers) server.closeAllConnections();
    await Promise.all(closed);
    if (cut > 0) this.logger.warn(`Drain timed out: ${cut} request(s) still in flight were cut`);
    else if (wasReady) this.logger.log('Drained: every request in flight finished');
  }

  private serverOptions() {
    const limits = this.settings.dataPlane.limits;
    return {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: 0,
      connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      noDelay: true,
      // A missing or repeated Host is answered by the dispatcher with the JSON 400 of the catalogue.
      requireHostHeader: false,
      joinDuplicateHeaders: true,
      // Node's generic constructor type cannot name a subclass; every response is a GatewayResponse.
      ServerResponse: GatewayResponse as unknown as typeof ServerResponse,
    };
  }

  private async open(server: Server, host: string, port: number, label: string, portSetting: string): Promise<number> {
    server.keepAliveTimeout = this.settings.dataPlane.limits.keepAliveTimeoutMs;
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.onClientError(error, socket));
    // Over the cap Node closes a new connection as soon as it is accepted, before reading from it;
    // established connections and their requests are never touched.
    const { maxConnections } = this.settings.dataPlane.limits;
    server.maxConnections = maxConnections;
    server.on('drop', (data?: { remoteAddress?: string }) =>
      this.refusals.note(`drop ${label}`, `Refused a ${label} connection from ${data?.remoteAddress ?? 'unknown'}: dataPlane.limits.maxConnections (${maxConnections}) are open`),
    );
    // One more than allowed, so that a request over the limit is seen (and refused), not cut short.
    server.maxHeadersCount = this.settings.dataPlane.limits.maxHeaderCount + 1;
    server.on('connection', (socket: Socket) => {
      this.openConnections++;
      socket.once('close', this.connectionClosed);
    });
    // WebSocket handshakes (and any other upgrade) run the request pipeline on their own socket.
    server.on('upgrade', this.dispatcher.handleUpgrade);
    // Without a listener Node closes CONNECT silently; a gateway is no forward proxy: say so.
    server.on('connect', (req: IncomingMessage, socket: Socket) => socket.end(this.errors.rawResponse(REQUEST_ERRORS.methodNotAllowed, 'Method Not Allowed', req.headers)));
    server.listen(port, host);
    try {
      await once(server, 'listening');
    } catch (error) {
      throw listenFailure({ portSetting, hostSetting: 'dataPlane.host', host, port }, error);
    }
    this.servers.push(server);
    const bound = (server.address() as AddressInfo).port;
    this.logger.log(`${label} listener on ${host}:${bound}`);
    return bound;
  }

  /** Requests Node could not parse never reach the dispatcher: answer them here. */
  private onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      this.refusals.note('timeout', `Closed a connection from ${socket.remoteAddress ?? 'unknown'}: no complete request head within dataPlane.limits.headersTimeoutMs`);
    }
    const raw =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? this.errors.rawResponse(REQUEST_ERRORS.headersTooLarge, 'Request Header Fields Too Large')
        : this.errors.rawResponse(REQUEST_ERRORS.badRequest, 'Bad Request');
    // Destroyed once written: a client that never closes its side would otherwise keep the socket half-open for good.
    socket.end(raw, () => socket.destroy());
  }
}
