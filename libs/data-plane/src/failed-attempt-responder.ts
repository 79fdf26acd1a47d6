import { Logger } from '@nestjs/common';
import { type ClusterHandle, type ConnectionEnd, type ForwardOutcome, printable, REQUEST_ERRORS, type RequestErrorSpec, type RouteMatch, ThrottledLog } from '#core';
import type { ClientExchange } from './client-exchange.js';
import type { ErrorResponder } from './error-responder.js';
import { FAILURE_ERRORS } from './failure-errors.js';
import type { RequestBodyLimit } from './request-body-limit.js';

export type FailedOutcome = ForwardOutcome & { kind: 'failure' };

/** What a failure log line names: the API and resource, the endpoint, the upstream path and what happened. */
export interface FailedAttempt {
  readonly match: RouteMatch;
  readonly cluster: ClusterHandle;
  readonly endpoint: number;
  readonly path: string;
  readonly outcome: FailedOutcome;
  /** The request's id, so the line can be found from the client's X-Request-ID. */
  readonly requestId: string;
}

/**
 * The one place a failed request becomes a response (or a cut connection once the head went
 * out). Every failure of the backend leaves one log line; a client that went away does not. A
 * try that failed but was moved to another member leaves a line too (throttled per member: a
 * dead member must not flood the log), since the client never sees it.
 */
export class FailedAttemptResponder {
  private readonly logger = new Logger('DataPlane');
  private readonly throttled = new ThrottledLog((line) => this.logger.warn(line));

  constructor(private readonly errors: ErrorResponder) {}

  respond(exchange: ClientExchange, outcome: FailedOutcome, limit: RequestBodyLimit | undefined, attempt: FailedAttempt): void {
    const res = exchange.res;
    const options = { headers: exchange.added, soapErrors: attempt.match.api.soapErrors };
    if (outcome.headSent || exchange.headSent) {
      if (!exchange.requested) this.log(attempt, 'response cut after its head was sent');
      res.destroy();
    } else if (exchange.timedOut) {
      this.log(attempt, REQUEST_ERRORS.upstreamTimeout);
      this.errors.send(res, REQUEST_ERRORS.upstreamTimeout, options);
    } else if (limit?.exceeded === true) {
      this.errors.send(res, REQUEST_ERRORS.payloadTooLarge, { ...options, close: true });
    } else if (exchange.requested || res.destroyed) {
      res.destroy();
    } else if (outcome.failure === 'aborted') {
      this.errors.send(res, REQUEST_ERRORS.badRequest, { ...options, close: true });
    } else {
      const spec = FAILURE_ERRORS[outcome.failure];
      this.log(attempt, spec);
      this.errors.send(res, spec, options);
    }
  }

  /**
   * No credentials for the backend (its token endpoint failed): 503, and a line per cluster
   * (throttled: while the token endpoint is down every request fails the same way).
   */
  credentialsUnavailable(exchange: ClientExchange, match: RouteMatch, cluster: ClusterHandle, error: unknown): void {
    const message = (error as { message?: unknown } | undefined)?.message;
    const reason = typeof message === 'string' ? printable(message) : 'unknown error';
    this.throttled.note(`credentials ${match.api.id} ${cluster.endpointSet.name}`, `backend credentials unavailable: 503 103503 for ${match.api.name}:${match.api.version} ${cluster.endpointSet.name}: ${reason}`);
    if (!exchange.requested && !exchange.res.destroyed) {
      this.errors.send(exchange.res, REQUEST_ERRORS.backendCredentialsUnavailable, { headers: exchange.added, soapErrors: match.api.soapErrors });
    }
  }

  /** A try failed before any response and the request moved on to another member. */
  noteFailover(attempt: FailedAttempt): void {
    const url = this.urlOf(attempt);
    this.throttled.note(`failover ${url}`, `upstream try failed, request moved to another member: ${this.describe(attempt)}`);
  }

  /**
   * An established connection the gateway closed because one side broke the protocol or the
   * limits (a message over upstream.websocket.maxMessageBytes): a line per API and side, throttled.
   */
  connectionCut(attempt: FailedAttempt, end: ConnectionEnd): void {
    const { match } = attempt;
    this.throttled.note(
      `cut ${match.api.id} ${end.offender}`,
      `connection closed with ${end.code} (${printable(end.reason ?? '')}): the ${end.offender} broke the rules, for ${match.api.name}:${match.api.version} ${printable(match.resource.path)} via ${this.urlOf(attempt)}`,
    );
  }

  private log(attempt: FailedAttempt, what: RequestErrorSpec | string): void {
    const answer = typeof what === 'string' ? what : `${what.status} ${what.code}`;
    this.logger.warn(`upstream failure: ${answer} for ${this.describe(attempt)}`);
  }

  private describe(attempt: FailedAttempt): string {
    const { match, path, outcome } = attempt;
    // Not `instanceof Error`: errors from other realms (undici internals under test runners) are errors too.
    const message = (outcome.cause as { message?: unknown } | undefined)?.message;
    const cause = typeof message === 'string' && message !== '' ? `${outcome.failure}: ${printable(message)}` : outcome.failure;
    return `${match.api.name}:${match.api.version} ${printable(match.resource.path)} via ${this.urlOf(attempt)} (${printable(path)}): ${cause} [request ${attempt.requestId}]`;
  }

  private urlOf({ cluster, endpoint }: FailedAttempt): string {
    return endpoint >= 0 ? cluster.endpointSet.urls[endpoint].rawUrl : '(no endpoint)';
  }
}
