import { Logger } from '@nestjs/common';
import { type ClusterHandle, type ForwardOutcome, printable, REQUEST_ERRORS, type RequestErrorSpec, type RouteMatch } from '#core';
import type { ClientExchange } from './client-exchange.js';
import type { ErrorResponder } from './error-responder.js';
import { FAILURE_ERRORS } from './failure-errors.js';
import type { RequestBodyLimit } from './request-body-limit.js';

export type FailedOutcome = ForwardOutcome & { kind: 'failure' };

/** What a failure log line names: the API and resource, the endpoint and the upstream path. */
export interface FailedAttempt {
  readonly match: RouteMatch;
  readonly cluster: ClusterHandle;
  readonly endpoint: number;
  readonly path: string;
}

/**
 * The one place a failed attempt becomes a response (or a cut connection once the head went
 * out). Every failure of the backend leaves one log line; a client that went away does not.
 */
export class FailedAttemptResponder {
  private readonly logger = new Logger('DataPlane');

  constructor(private readonly errors: ErrorResponder) {}

  respond(exchange: ClientExchange, outcome: FailedOutcome, limit: RequestBodyLimit | undefined, attempt: FailedAttempt): void {
    const res = exchange.res;
    const headers = exchange.added;
    if (outcome.headSent || exchange.headSent) {
      if (!exchange.requested) this.log(attempt, 'response cut after its head was sent', outcome);
      res.destroy();
    } else if (exchange.timedOut) {
      this.log(attempt, REQUEST_ERRORS.upstreamTimeout, outcome);
      this.errors.send(res, REQUEST_ERRORS.upstreamTimeout, { headers });
    } else if (limit?.exceeded === true) {
      this.errors.send(res, REQUEST_ERRORS.payloadTooLarge, { close: true, headers });
    } else if (exchange.requested || res.destroyed) {
      res.destroy();
    } else if (outcome.failure === 'aborted') {
      this.errors.send(res, REQUEST_ERRORS.badRequest, { close: true, headers });
    } else {
      const spec = FAILURE_ERRORS[outcome.failure];
      this.log(attempt, spec, outcome);
      this.errors.send(res, spec, { headers });
    }
  }

  private log({ match, cluster, endpoint, path }: FailedAttempt, what: RequestErrorSpec | string, outcome: FailedOutcome): void {
    const answer = typeof what === 'string' ? what : `${what.status} ${what.code}`;
    const url = endpoint >= 0 ? cluster.endpointSet.urls[endpoint].rawUrl : '(no endpoint)';
    // Not `instanceof Error`: errors from other realms (undici internals under test runners) are errors too.
    const message = (outcome.cause as { message?: unknown } | undefined)?.message;
    const cause = typeof message === 'string' && message !== '' ? `${outcome.failure}: ${printable(message)}` : outcome.failure;
    const resource = printable(match.resource.path);
    this.logger.warn(`upstream failure: ${answer} for ${match.api.name}:${match.api.version} ${resource} via ${url} (${printable(path)}): ${cause}`);
  }
}
