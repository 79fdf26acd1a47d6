import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { Logger } from '@nestjs/common';
import {
  type AuthResult,
  type BackendJwt,
  type ClusterHandle,
  type HeaderMap,
  isAuthFailure,
  type OperationSecurity,
  type Principal,
  printable,
  REQUEST_ERRORS,
  type RequestErrorSpec,
  type RequestObserver,
  RequestRecord,
  type RouteMatch,
  type SnapshotSource,
} from '#core';
import type { GatewaySettings } from '#settings';
import { takeBrowserCredential } from './browser-credentials.js';
import { ClientExchange } from './client-exchange.js';
import type { ErrorResponder } from './error-responder.js';
import { FailedAttemptResponder } from './failed-attempt-responder.js';
import { ForwardedClientCertificate } from './forwarded-client-certificate.js';
import { type GatewayResponse, recordOf } from './gateway-response.js';
import { IncomingSecurityRequest } from './incoming-security-request.js';
import { LiveUpgrades } from './live-upgrades.js';
import { clusterForKeyType, clusterWithoutKeyType } from './key-type-cluster.js';
import { withoutQueryParameters } from './query-parameters.js';
import { answerOptions } from './options-responder.js';
import { ReplayableBody } from './replayable-body.js';
import { RequestBodyLimit } from './request-body-limit.js';
import { RequestIds } from './request-ids.js';
import { RequestTargetCheck, withoutFragment } from './request-target.js';
import { TrustedProxies } from './trusted-proxies.js';
import type { SystemEndpoints } from './system-endpoints.js';
import { UpgradeCall } from './upgrade-call.js';
import { asksForWebSocket, handshakeResponse, offeredProtocols, type UpgradingClient, withoutHandshakeHeaders } from './upgrade-handshake.js';
import { UpstreamCall } from './upstream-call.js';
import { asksForWsdl, WsdlResponder } from './wsdl-responder.js';
import { upstreamHeaders } from './upstream-headers.js';

const NO_CREDENTIAL_HEADERS: readonly string[] = [];

/** Where the last request on a client connection ended, in bytes read from it (for the access log's bytesIn). */
const READ_MARK = Symbol('portico.readMark');
type MarkedSocket = Socket & { [READ_MARK]?: number };

/**
 * The proxied request path (ARCHITECTURE §4): plain code over the precompiled snapshot, no DI
 * lookups. Checks Host and normalises the path, answers the gateway's own paths, reads the
 * current snapshot once, matches, answers OPTIONS and CORS preflights, applies the route's
 * policy, forwards through the cluster's connector and maps a failed attempt to an error response.
 */
export class RequestDispatcher {
  private readonly logger = new Logger('DataPlane');
  private readonly maxBody: number;
  private readonly routeTimeoutMs: number;
  private readonly maxReplayBytes: number;
  private readonly target: RequestTargetCheck;
  private readonly trustedProxies: TrustedProxies;
  private readonly forwardedCertificate: ForwardedClientCertificate;
  private readonly failures: FailedAttemptResponder;
  private readonly wsdl: WsdlResponder;
  /** The gateway's token header, for APIs that name none (`security.authorizationHeader`). */
  private readonly authorizationHeader: string;
  /** The data-plane mark of this process (see DATA_PLANE_MARK_HEADER): random, so nobody can predict it. */
  private readonly mark = randomBytes(16).toString('hex');
  /** Requests between arrival and the end of their response, for draining at shutdown. */
  inFlight = 0;
  /** Upgraded (WebSocket) connections, closed with 1001 at shutdown. */
  readonly live = new LiveUpgrades();
  /** Upgrade requests in the pipeline, by request: their client socket and head. */
  private readonly upgrading = new WeakMap<IncomingMessage, UpgradingClient>();
  private readonly requestIds: RequestIds;
  /** The observers that start something per request (the tracer's span); usually none. */
  private readonly starters: readonly RequestObserver[];
  /** `close` listener of every response: `this` is the response (EventEmitter calls listeners so). */
  private readonly requestClosed: (this: ServerResponse) => void;

  constructor(
    private readonly source: SnapshotSource,
    settings: GatewaySettings,
    private readonly errors: ErrorResponder,
    private readonly system: SystemEndpoints,
    /** The access log, metrics and tracer: told of every request's start and end (REQUEST_OBSERVERS). */
    private readonly observers: readonly RequestObserver[] = [],
  ) {
    this.maxBody = settings.dataPlane.limits.maxRequestBodyBytes;
    this.authorizationHeader = settings.security.authorizationHeader.toLowerCase();
    this.routeTimeoutMs = settings.upstream.routeTimeoutMs;
    this.maxReplayBytes = settings.upstream.retry.maxBufferedBodyBytes;
    this.target = new RequestTargetCheck(settings.dataPlane.escapedSlashes, settings.dataPlane.limits.maxHeaderCount);
    this.trustedProxies = new TrustedProxies(settings.dataPlane.trustedProxies);
    this.forwardedCertificate = new ForwardedClientCertificate(this.trustedProxies, settings.security.mutualSsl);
    this.failures = new FailedAttemptResponder(errors);
    this.wsdl = new WsdlResponder(errors, this.trustedProxies, this.forwardedCertificate);
    this.requestIds = new RequestIds(settings.dataPlane.requestId, this.trustedProxies);
    this.starters = observers.filter((observer) => observer.started !== undefined);
    this.requestClosed = closeListener(this);
  }

  /** The listeners' request handler: a bug must cost one request a 500, never the process. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      this.dispatch(req, res);
    } catch (error) {
      this.logger.error(`request ${printable(`${req.method} ${req.url}`)} [request ${recordOf(res)?.id ?? '-'}] failed: ${(error as Error).stack ?? String(error)}`);
      this.errors.send(res, REQUEST_ERRORS.internal);
    }
  };

  /**
   * The listeners' `upgrade` handler: the request runs the same pipeline as any other (host,
   * route, security, key type), answered on its own socket; a WebSocket handshake to an API whose
   * connector can upgrade becomes an UpgradeCall, any other upgrade a plain request.
   */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (asksForWebSocket(req)) this.upgrading.set(req, { socket, head });
    this.handle(req, handshakeResponse(req, socket));
  };

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    res.once('close', this.requestClosed);
    const url = withoutFragment(req.url ?? '/');
    const query = url.indexOf('?');
    const method = req.method ?? 'GET';
    const record = this.recordFor(req, method, query < 0 ? url : url.slice(0, query));
    (res as GatewayResponse).record = record;
    (res as GatewayResponse).clientSocket = req.socket;
    const refused = this.target.refusedHead(req);
    if (refused !== undefined) {
      this.errors.send(res, refused, { close: true });
      return;
    }
    const path = this.target.check(req, record.path);
    if (typeof path !== 'string') {
      this.errors.send(res, path ?? REQUEST_ERRORS.noRoute);
      return;
    }
    record.path = path;
    if (this.system.handle(method, path, req, res)) return;
    // Not for the gateway's own paths: a health probe every few seconds is no trace anyone wants.
    for (const observer of this.starters) observer.started?.(record, req);
    // Before matching: the GET must not be refused by a POST-only SOAP resource.
    if (asksForWsdl(url, query) && this.withRequestId(res, record) && this.wsdl.serve(req, res, path, url.slice(query + 1), this.source.current)) return;
    const match = this.source.current.match(req.headers.host, method, path);
    if (match === undefined) {
      this.errors.send(res, REQUEST_ERRORS.noRoute);
      return;
    }
    record.route = match;
    const cors = match.cors?.response(req.headers.origin);
    if (method === 'OPTIONS' && this.withRequestId(res, record) && answerOptions(req, res, match, cors)) return;
    let search = query < 0 ? '' : url.slice(query);
    const security = match.security;
    if (security === undefined || !security.secured) {
      this.route(req, res, match, clusterWithoutKeyType(match), search, cors, NO_CREDENTIAL_HEADERS, undefined);
      return;
    }
    // Only handshakes carry Upgrade: a plain request never pays the lookup.
    if (req.headers.upgrade !== undefined && this.upgrading.has(req)) search = takeBrowserCredential(req, search, match.api.authHeader ?? this.authorizationHeader);
    const result = security.authenticate(new IncomingSecurityRequest(req, search.slice(1), this.trustedProxies, this.forwardedCertificate));
    if (!(result instanceof Promise)) {
      this.authenticated(req, res, match, security, result, search, cors);
      return;
    }
    result.then(
      (settled) => {
        // The client may have left while its credential was verified (a JWKS fetch).
        if (!res.destroyed) this.authenticated(req, res, match, security, settled, search, cors);
      },
      (error: unknown) => {
        this.logger.error(`security of ${printable(`${method} ${path}`)} [request ${record.id}] failed: ${(error as Error).stack ?? String(error)}`);
        this.errors.send(res, REQUEST_ERRORS.unclassifiedAuthentication, { headers: cors, soapErrors: match.api.soapErrors });
      },
    );
  }

  /** After the operation's security: the key type picks the cluster (spec §7.2); credentials are not forwarded. */
  private authenticated(
    req: IncomingMessage,
    res: ServerResponse,
    match: RouteMatch,
    security: OperationSecurity,
    result: AuthResult,
    search: string,
    cors: HeaderMap | undefined,
  ): void {
    if (isAuthFailure(result)) {
      const { description, wwwAuthenticate } = result;
      this.errors.send(res, result.failure, { description, headers: cors, wwwAuthenticate, soapErrors: match.api.soapErrors });
      return;
    }
    const names = security.strippedQueryParameters;
    const query = names.length > 0 ? withoutQueryParameters(search, names) : search;
    (recordOf(res) as RequestRecord).keyType = result.keyType;
    this.route(req, res, match, clusterForKeyType(match, result.keyType), query, cors, security.strippedHeaders, result, security.wwwAuthenticate);
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    match: RouteMatch,
    cluster: ClusterHandle | RequestErrorSpec,
    query: string,
    cors: HeaderMap | undefined,
    credentialHeaders: readonly string[],
    principal: Principal | undefined,
    /** The operation's own challenge for a key type refused here (§7.3 is a 401 too). */
    wwwAuthenticate?: string,
  ): void {
    if (!('policy' in cluster)) this.errors.send(res, cluster, { headers: cors, wwwAuthenticate, soapErrors: match.api.soapErrors });
    else this.forward(req, res, match, cluster, query, cors, credentialHeaders, principal);
  }

  /** The request's record, its id chosen. */
  private recordFor(req: IncomingMessage, method: string, path: string): RequestRecord {
    const socket = req.socket;
    const client = this.trustedProxies.clientAddress(socket.remoteAddress, req.headers['x-forwarded-for']) ?? '';
    // A head is read before its request is dispatched: the request's bytes start where the previous request on the connection ended.
    return new RequestRecord(this.requestIds.idFor(req), method, path, client, performance.now(), (socket as MarkedSocket)[READ_MARK] ?? 0, socket.bytesWritten);
  }

  /**
   * For the answers written here rather than by the exchange or the error responder (a WSDL, an
   * OPTIONS): they are rare, so the header is set ahead of their head, which is slower for Node.
   */
  private withRequestId(res: ServerResponse, record: RequestRecord): true {
    res.setHeader(this.requestIds.header, record.id);
    return true;
  }

  /** The response ended (completed or cut): its record is closed and handed to the observers. */
  responseClosed(res: ServerResponse): void {
    this.inFlight--;
    if (this.observers.length === 0) return;
    const { record, clientSocket } = res as GatewayResponse;
    if (record === undefined || clientSocket === undefined) return;
    const socket = clientSocket as MarkedSocket;
    socket[READ_MARK] = socket.bytesRead;
    if (record.status === 0) record.status = res.headersSent ? res.statusCode : 499;
    record.completed = res.writableFinished;
    record.bytesIn = socket.bytesRead - record.bytesReadBefore;
    record.bytesOut = socket.bytesWritten - record.bytesWrittenBefore;
    record.durationMs = performance.now() - record.startedAt;
    for (const observer of this.observers) observer.finished(record);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    match: RouteMatch,
    cluster: ClusterHandle,
    query: string,
    cors: HeaderMap | undefined,
    credentialHeaders: readonly string[],
    principal: Principal | undefined,
  ): void {
    const method = req.method ?? 'GET';
    const routing = cluster.policy.begin(method);
    if (routing === undefined) {
      this.errors.send(res, REQUEST_ERRORS.upstreamOverflow, { headers: cors, soapErrors: match.api.soapErrors });
      return;
    }
    const record = recordOf(res) as RequestRecord;
    record.cluster = cluster;
    const exchange = new ClientExchange(res, cors, record, this.requestIds.header);
    res.once('close', () => exchange.closed());
    const client = req.headers.upgrade === undefined ? undefined : this.upgrading.get(req);
    if (client !== undefined && cluster.connector.upgrade !== undefined) {
      const headers = withoutHandshakeHeaders(this.upstreamHeadersOf(req, record, match, credentialHeaders, principal));
      const call = new UpgradeCall(req, client, match, cluster, routing, exchange, this.failures, principal, this.live, headers, offeredProtocols(req));
      call.start(query, cluster.endpointSet.timeoutMs ?? this.routeTimeoutMs);
      return;
    }
    let body: Readable | ReplayableBody | null = null;
    let limit: RequestBodyLimit | undefined;
    const length = req.headers['content-length'];
    if (length !== undefined) {
      if (this.maxBody > 0 && Number(length) > this.maxBody) {
        routing.end();
        this.errors.send(res, REQUEST_ERRORS.payloadTooLarge, { close: true, headers: cors, soapErrors: match.api.soapErrors });
        return;
      }
      if (length !== '0') body = req;
    } else if (req.headers['transfer-encoding'] !== undefined) {
      if (this.maxBody > 0) {
        limit = new RequestBodyLimit(this.maxBody);
        req.on('error', (error) => limit?.destroy(error));
        body = req.pipe(limit);
      } else {
        body = req;
      }
    }
    // Only a route that can try twice (retries, renewable backend credentials) keeps the body (bounded) for a replay.
    if (body !== null && (cluster.policy.mayRetry || cluster.credentials?.renewable === true)) body = new ReplayableBody(body, this.maxReplayBytes);

    const headers = this.upstreamHeadersOf(req, record, match, credentialHeaders, principal);
    new UpstreamCall(req, match, cluster, routing, exchange, this.failures, principal).start(
      query,
      headers,
      body,
      limit,
      cluster.endpointSet.timeoutMs ?? this.routeTimeoutMs,
    );
  }

  /** What goes upstream of any try: forwarding headers, the backend JWT (credentials are applied per try). */
  private upstreamHeadersOf(req: IncomingMessage, record: RequestRecord, match: RouteMatch, credentialHeaders: readonly string[], principal: Principal | undefined): HeaderMap {
    const scheme = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
    const headers = upstreamHeaders(req, '', scheme, this.trustedProxies.trusts(req.socket.remoteAddress), this.mark, credentialHeaders);
    headers[this.requestIds.header] = record.id;
    if (match.backendJwt !== undefined) withBackendJwt(headers, match.backendJwt, principal);
    return headers;
  }
}

/** A `close` listener shared by every response: EventEmitter calls it with the response as `this`. */
function closeListener(dispatcher: RequestDispatcher): (this: ServerResponse) => void {
  return function (this: ServerResponse) {
    dispatcher.responseClosed(this);
  };
}

/** Spec §13.2: the gateway's backend JWT replaces whatever the client sent under its header; an anonymous caller gets none. */
function withBackendJwt(headers: HeaderMap, jwt: BackendJwt, principal: Principal | undefined): void {
  const token = jwt.tokenFor(principal);
  if (token === undefined) delete headers[jwt.header];
  else headers[jwt.header] = token;
}
