import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import {
  type ClusterHandle,
  ENDPOINT_OVERFLOW,
  type ForwardOutcome,
  type HeaderMap,
  type RequestRouting,
  type RouteMatch,
} from '#core';
import { Attempt } from './attempt.js';
import type { ClientExchange, Interruptible } from './client-exchange.js';
import type { FailedAttempt, FailedAttemptResponder, FailedOutcome } from './failed-attempt-responder.js';
import type { ReplayableBody } from './replayable-body.js';
import type { RequestBodyLimit } from './request-body-limit.js';

/** The connector's own timeout is only a backstop behind the exchange's timer. */
const TIMEOUT_BACKSTOP_MS = 1000;
/** A request without a body can always be sent again; a one-shot body stream never. */
const NOTHING_TO_REPLAY = { replayable: true } as const;
const ONE_SHOT = { replayable: false } as const;
const TIMED_OUT_TRY: ForwardOutcome = { kind: 'failure', failure: 'timeout', headSent: false };
const ABANDONED_TRY: ForwardOutcome = { kind: 'failure', failure: 'aborted', headSent: false };

/** What one proxied request sends upstream, whichever endpoint each try goes to. */
export interface UpstreamCallSpec {
  readonly req: IncomingMessage;
  readonly match: RouteMatch;
  readonly cluster: ClusterHandle;
  readonly routing: RequestRouting;
  readonly exchange: ClientExchange;
  /** Resource path and query, after the endpoint's base path. */
  readonly pathAndQuery: string;
  /** Upstream headers; `host` is set per try to the endpoint's authority. */
  readonly headers: HeaderMap;
  /** A one-shot body stream, or a replayable one on routes that retry; null without a body. */
  readonly body: Readable | ReplayableBody | null;
  readonly limit: RequestBodyLimit | undefined;
  readonly failures: FailedAttemptResponder;
}

/**
 * Runs a request's tries on its cluster (ARCHITECTURE §4 step 5): pick an endpoint, forward
 * through the connector, record the outcome, and either finish or try again after the policy's
 * back-off, all inside the route timeout. Connectors see single tries only.
 */
export class UpstreamCall implements Interruptible {
  private attempt: Attempt | undefined;
  private waiting: NodeJS.Timeout | undefined;
  private finished = false;
  private backstopMs = 0;

  constructor(private readonly spec: UpstreamCallSpec) {}

  start(timeoutMs: number): void {
    // The same value for every try of the route: undici re-arms its socket timer only when the
    // value changes, so a per-request "time left" would cost a new timer per request.
    this.backstopMs = timeoutMs + TIMEOUT_BACKSTOP_MS;
    this.spec.exchange.startTimer(timeoutMs);
    this.spec.cluster.enter();
    this.tryOnce();
  }

  /** Client gone or route timeout while waiting for the next try. */
  interrupt(): void {
    clearTimeout(this.waiting);
    this.waiting = undefined;
    this.fail({ kind: 'failure', failure: 'aborted', headSent: false });
  }

  private tryOnce(): void {
    const { exchange, routing, cluster, body } = this.spec;
    this.waiting = undefined;
    const endpoint = routing.pick();
    if (endpoint === ENDPOINT_OVERFLOW) {
      this.fail({ kind: 'failure', failure: 'overflow', headSent: false });
      return;
    }
    const attempt = new Attempt(exchange, routing, endpoint, this.replay);
    this.attempt = attempt;
    exchange.current = attempt;
    const urls = cluster.endpointSet.urls;
    // The previous try has settled, so its connector is done with the header map: reuse it.
    if (endpoint >= 0) this.spec.headers.host = cluster.authorities[endpoint];
    const path = (endpoint >= 0 ? urls[endpoint].basePath : '') + this.spec.pathAndQuery;
    cluster.connector
      .forward(
        {
          endpoint,
          method: this.spec.req.method ?? 'GET',
          path: path.charCodeAt(0) === 0x2f ? path : `/${path}`,
          headers: this.spec.headers,
          body: body === null || !('forTry' in body) ? body : body.forTry(),
          cancellation: attempt,
          timeoutMs: this.backstopMs,
          operation: this.spec.match.operation,
        },
        attempt,
      )
      .then(this.settled, this.crashed);
  }

  private readonly settled = (outcome: ForwardOutcome): void => {
    const { routing, exchange } = this.spec;
    const attempt = this.attempt as Attempt;
    if (attempt.endpoint >= 0) routing.record(attempt.endpoint, this.fault(outcome), Date.now() - attempt.startedAt);
    let delay = attempt.retryAfterMs;
    if (delay < 0 && outcome.kind === 'failure' && !exchange.requested && !exchange.headSent) {
      delay = routing.retryDelay(outcome, this.replay.replayable, exchange.remainingMs());
    }
    if (delay >= 0 && !exchange.requested) {
      if (outcome.kind === 'failure') this.spec.failures.noteFailover(this.failedTry(outcome));
      this.again(delay);
      return;
    }
    if (outcome.kind === 'failure' || attempt.retryAfterMs >= 0) this.fail(outcome.kind === 'failure' ? outcome : { kind: 'failure', failure: 'aborted', headSent: false });
    else this.finish();
  };

  private readonly crashed = (error: unknown): void => {
    const attempt = this.attempt as Attempt;
    const outcome = { kind: 'failure', failure: 'protocol', headSent: this.spec.exchange.headSent, cause: error } as const;
    if (attempt.endpoint >= 0) this.spec.routing.record(attempt.endpoint, this.fault(outcome), Date.now() - attempt.startedAt);
    this.fail(outcome);
  };

  /**
   * What the member is to blame for: a try the gateway cancelled (client gone, route timeout) says
   * nothing about the backend but its slowness, whatever error the connector reports for it.
   */
  private fault(outcome: ForwardOutcome): ForwardOutcome {
    const exchange = this.spec.exchange;
    if (outcome.kind === 'response' || !exchange.requested) return outcome;
    return exchange.timedOut ? TIMED_OUT_TRY : ABANDONED_TRY;
  }

  private again(delay: number): void {
    this.spec.exchange.current = this;
    if (delay === 0) this.tryOnce();
    else this.waiting = setTimeout(() => this.tryOnce(), delay);
  }

  private get replay(): { readonly replayable: boolean } {
    const body = this.spec.body;
    return body === null ? NOTHING_TO_REPLAY : 'forTry' in body ? body : ONE_SHOT;
  }

  private fail(outcome: FailedOutcome): void {
    if (this.finished) return;
    this.finish();
    this.spec.failures.respond(this.spec.exchange, outcome, this.spec.limit, this.failedTry(outcome));
  }

  private failedTry(outcome: FailedOutcome): FailedAttempt {
    const { match, cluster } = this.spec;
    const endpoint = this.attempt?.endpoint ?? -1;
    const path = (endpoint >= 0 ? cluster.endpointSet.urls[endpoint].basePath : '') + this.spec.pathAndQuery;
    return { match, cluster, endpoint, path, outcome };
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.spec.exchange.current = undefined;
    this.spec.routing.end();
    this.spec.cluster.leave();
  }
}
