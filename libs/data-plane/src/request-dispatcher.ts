import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { Logger } from '@nestjs/common';
import {
  type ClusterHandle,
  type ForwardOutcome,
  REQUEST_ERRORS,
  type RouteMatch,
  type SnapshotSource,
} from '#core';
import type { GatewaySettings } from '#settings';
import { ClientExchange } from './client-exchange.js';
import type { ErrorResponder } from './error-responder.js';
import { FAILURE_ERRORS } from './failure-errors.js';
import { RequestBodyLimit } from './request-body-limit.js';
import type { SystemEndpoints } from './system-endpoints.js';
import { upstreamHeaders } from './upstream-headers.js';

const TIMEOUT_BACKSTOP_MS = 1000;

/**
 * The proxied request path (ARCHITECTURE §4): plain code over the precompiled snapshot, no DI
 * lookups. Reads the current snapshot once, matches, applies the route's policy, forwards through
 * the cluster's connector and maps a failed attempt to an error response.
 */
export class RequestDispatcher {
  private readonly logger = new Logger('DataPlane');
  private readonly maxBody: number;
  private readonly routeTimeoutMs: number;
  /** Requests between arrival and the end of their response, for draining at shutdown. */
  inFlight = 0;

  constructor(
    private readonly source: SnapshotSource,
    settings: GatewaySettings,
    private readonly errors: ErrorResponder,
    private readonly system: SystemEndpoints,
  ) {
    this.maxBody = settings.dataPlane.limits.maxRequestBodyBytes;
    this.routeTimeoutMs = settings.upstream.routeTimeoutMs;
  }

  /** The listeners' request handler: a bug must cost one request a 500, never the process. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      this.dispatch(req, res);
    } catch (error) {
      this.logger.error(`request ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      this.errors.send(res, REQUEST_ERRORS.internal);
    }
  };

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    res.once('close', this.requestClosed);
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const method = req.method ?? 'GET';
    const match = this.source.current.match(req.headers.host, method, path);
    if (match === undefined) {
      if (!this.system.handle(method, path, res)) this.errors.send(res, REQUEST_ERRORS.noRoute);
      return;
    }
    const operation = match.operation;
    // Consumer security arrives with the security work; until then secured resources fail closed.
    if (operation !== undefined && !operation.disableSecurity) {
      this.errors.send(res, REQUEST_ERRORS.missingCredentials);
      return;
    }
    // Security disabled: production if the resource has it, else sandbox (spec §7.1).
    const cluster = match.clusters.PRODUCTION ?? match.clusters.SANDBOX;
    if (cluster === undefined) {
      this.errors.send(res, REQUEST_ERRORS.upstreamNotConfigured);
      return;
    }
    this.forward(req, res, match, cluster, query < 0 ? '' : url.slice(query));
  }

  private readonly requestClosed = (): void => {
    this.inFlight--;
  };

  private forward(req: IncomingMessage, res: ServerResponse, match: RouteMatch, cluster: ClusterHandle, query: string): void {
    const exchange = new ClientExchange(res);
    res.once('close', () => exchange.closed());
    let body: Readable | null = null;
    let limit: RequestBodyLimit | undefined;
    const length = req.headers['content-length'];
    if (length !== undefined) {
      if (this.maxBody > 0 && Number(length) > this.maxBody) {
        this.errors.send(res, REQUEST_ERRORS.payloadTooLarge, { close: true });
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

    const endpoint = cluster.pick();
    let path = (endpoint >= 0 ? cluster.endpointSet.urls[endpoint].basePath : '') + match.upstreamPath;
    if (path === '') path = '/';
    const scheme = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';

    const timeoutMs = cluster.endpointSet.timeoutMs ?? this.routeTimeoutMs;
    exchange.startTimer(timeoutMs);
    cluster.enter();
    cluster.connector
      .forward(
        {
          endpoint,
          method: req.method ?? 'GET',
          path: path + query,
          headers: upstreamHeaders(req, endpoint >= 0 ? cluster.authorities[endpoint] : '', scheme),
          body,
          cancellation: exchange,
          // The exchange's timer decides; the connector's own timeout is only a backstop.
          timeoutMs: timeoutMs + TIMEOUT_BACKSTOP_MS,
          operation: match.operation,
        },
        exchange,
      )
      .then(
        (outcome) => {
          cluster.leave();
          if (outcome.kind === 'failure') this.failed(exchange, outcome, limit);
        },
        (error: unknown) => {
          cluster.leave();
          this.failed(exchange, { kind: 'failure', failure: 'protocol', headSent: exchange.headSent, cause: error }, limit);
        },
      );
  }

  /** The one place a failed attempt becomes a response (or a cut connection once the head went out). */
  private failed(exchange: ClientExchange, outcome: ForwardOutcome & { kind: 'failure' }, limit: RequestBodyLimit | undefined): void {
    const res = exchange.res;
    if (outcome.headSent || exchange.headSent) {
      res.destroy();
    } else if (exchange.timedOut) {
      this.errors.send(res, REQUEST_ERRORS.upstreamTimeout);
    } else if (limit?.exceeded === true) {
      this.errors.send(res, REQUEST_ERRORS.payloadTooLarge, { close: true });
    } else if (exchange.requested || res.destroyed) {
      res.destroy();
    } else if (outcome.failure === 'aborted') {
      this.errors.send(res, REQUEST_ERRORS.badRequest, { close: true });
    } else {
      this.errors.send(res, FAILURE_ERRORS[outcome.failure]);
    }
  }
}
