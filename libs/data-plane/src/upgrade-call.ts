import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type Cancellation,
  type ClusterHandle,
  type ConnectionEnd,
  ENDPOINT_OVERFLOW,
  type ForwardOutcome,
  type HeaderMap,
  type LongLivedConnection,
  type Principal,
  type RequestRouting,
  type RouteMatch,
  type UpgradeOutcome,
} from '#core';
import type { ClientExchange, Interruptible } from './client-exchange.js';
import type { FailedAttempt, FailedAttemptResponder, FailedOutcome } from './failed-attempt-responder.js';
import type { LiveUpgrades } from './live-upgrades.js';

const ABANDONED: FailedOutcome = { kind: 'failure', failure: 'aborted', headSent: false };
const SWITCHED: ForwardOutcome = { kind: 'response', statusCode: 101 };
/** Told to established connections at shutdown: they close with 1001 (going away). */
export const GOING_AWAY = Object.freeze(Object.assign(new Error('the gateway is going away'), { code: 'PORTICO_GOING_AWAY' }));

/**
 * The tries of one WebSocket handshake (spec §10.2), after routing, security and key-type
 * selection: credentials, pick a member, let the connector open the backend side, and on a
 * connection failure move to another member (the routing policy decides), all before the client is
 * answered. Once upgraded, the connection is live until either side closes; its cancellation then
 * closes both sides with 1001 (shutdown).
 */
export class UpgradeCall implements Interruptible, Cancellation, LongLivedConnection {
  requested = false;
  private reason: Error = GOING_AWAY;
  private cancel: ((reason: Error) => void) | undefined;
  private endpoint = -1;
  private startedAt = 0;
  private deadline = 0;
  private finished = false;
  private path = '';
  private loggedPath = '';

  constructor(
    private readonly req: IncomingMessage,
    private readonly client: { readonly socket: Duplex; readonly head: Buffer },
    private readonly match: RouteMatch,
    private readonly cluster: ClusterHandle,
    private readonly routing: RequestRouting,
    private readonly exchange: ClientExchange,
    private readonly failures: FailedAttemptResponder,
    private readonly principal: Principal | undefined,
    private readonly live: LiveUpgrades,
    private readonly headers: HeaderMap,
    private readonly protocols: readonly string[],
  ) {}

  /** `query`: the client's (with `?`, or empty), minus the credentials its security consumed. */
  start(query: string, timeoutMs: number): void {
    const credentials = this.cluster.credentials;
    this.loggedPath = withQuery(this.match.upstreamPath, query);
    this.path = credentials === undefined ? this.loggedPath : withQuery(this.match.upstreamPath, credentials.query(query));
    this.deadline = Date.now() + timeoutMs;
    this.exchange.current = this;
    this.cluster.enter();
    this.tryOnce();
  }

  onCancel(cancel: (reason: Error) => void): void {
    if (this.requested) cancel(this.reason);
    else this.cancel = cancel;
  }

  /** The client left during the handshake, or the gateway closes a live connection. */
  interrupt(reason: Error): void {
    this.requested = true;
    this.reason = reason;
    this.cancel?.(reason);
  }

  private tryOnce(): void {
    const fetching = this.cluster.credentials?.apply(this.headers);
    if (fetching === undefined) this.forwardTry();
    else
      fetching.then(
        () => (this.finished || this.requested ? this.fail(ABANDONED) : this.forwardTry()),
        (error: unknown) => this.credentialsMissing(error),
      );
  }

  private forwardTry(): void {
    const { cluster, routing } = this;
    const endpoint = routing.pick();
    if (endpoint === ENDPOINT_OVERFLOW || endpoint < 0) {
      this.fail({ kind: 'failure', failure: endpoint === ENDPOINT_OVERFLOW ? 'overflow' : 'connect', headSent: false });
      return;
    }
    this.endpoint = endpoint;
    this.startedAt = Date.now();
    this.headers.host = cluster.authorities[endpoint];
    const traceparent = this.exchange.record.tryStarted(endpoint, cluster.endpointSet.urls[endpoint].rawUrl);
    if (traceparent !== undefined) this.headers.traceparent = traceparent;
    const upgrade = cluster.connector.upgrade;
    if (upgrade === undefined) throw new Error(`the ${cluster.endpointSet.name} connector cannot upgrade`);
    upgrade
      .call(cluster.connector, {
        endpoint,
        path: cluster.endpointSet.urls[endpoint].basePath + this.path,
        headers: this.headers,
        protocols: this.protocols,
        client: { request: this.req, socket: this.client.socket, head: this.client.head },
        cancellation: this,
        timeoutMs: Math.max(1, this.deadline - Date.now()),
        operation: this.match.operation,
        principal: this.principal,
        ended: this.ended,
      })
      .then(this.settled, (error: unknown) => this.settled({ kind: 'failure', failure: 'protocol', cause: error }));
  }

  private readonly settled = (outcome: UpgradeOutcome): void => {
    const { routing, endpoint } = this;
    const latency = Date.now() - this.startedAt;
    const record = this.exchange.record;
    if (outcome.kind !== 'failure') {
      const answer = backendAnswer(outcome);
      record.trace?.tryEnded(answer);
      // The connector answers the client on its socket, not through the response object: the record takes the status from here.
      record.answered(outcome.kind === 'upgraded' ? 101 : outcome.statusCode);
      routing.record(endpoint, answer, latency);
      this.handshakeDone();
      if (outcome.kind === 'upgraded' && !this.requested) {
        this.live.add(this);
        this.cluster.hold(this);
      } else if (outcome.kind !== 'upgraded') this.cluster.leave();
      return;
    }
    const failed: FailedOutcome = { kind: 'failure', failure: outcome.failure, headSent: false, cause: outcome.cause };
    record.trace?.tryEnded(failed);
    // A try the gateway cancelled says nothing about the backend.
    routing.record(endpoint, this.requested ? ABANDONED : failed, latency);
    const delay = this.requested ? -1 : routing.retryDelay(failed, true, this.deadline - Date.now());
    if (delay >= 0) {
      this.failures.noteFailover(this.failedTry(failed));
      if (delay === 0) this.tryOnce();
      else setTimeout(() => (this.requested ? this.fail(ABANDONED) : this.tryOnce()), delay);
      return;
    }
    this.fail(failed);
  };

  /** Called by the connector once when an established connection ends. */
  private readonly ended = (end: ConnectionEnd): void => {
    if (end.offender !== undefined) this.failures.connectionCut(this.failedTry(ABANDONED), end);
    this.live.delete(this);
    this.cluster.release(this);
    this.cluster.leave();
  };

  /** The cluster's drain deadline passed: closed like at shutdown. */
  close(reason: Error): void {
    this.interrupt(reason);
  }

  private credentialsMissing(error: unknown): void {
    if (this.finished) return;
    this.handshakeDone();
    this.cluster.leave();
    this.failures.credentialsUnavailable(this.exchange, this.match, this.cluster, error);
  }

  private fail(outcome: FailedOutcome): void {
    if (this.finished) return;
    this.handshakeDone();
    this.cluster.leave();
    this.failures.respond(this.exchange, outcome, undefined, this.failedTry(outcome));
  }

  private failedTry(outcome: FailedOutcome): FailedAttempt {
    const { match, cluster, endpoint } = this;
    const path = (endpoint >= 0 ? cluster.endpointSet.urls[endpoint].basePath : '') + this.loggedPath;
    return { match, cluster, endpoint, path, outcome, requestId: this.exchange.record.id };
  }

  private handshakeDone(): void {
    this.finished = true;
    this.exchange.current = undefined;
    this.routing.end();
  }
}

/** What the try tells the routing policy about the member: the connector's own answer to the client, nothing. */
function backendAnswer(outcome: Exclude<UpgradeOutcome, { kind: 'failure' }>): ForwardOutcome | FailedOutcome {
  if (outcome.kind === 'upgraded') return SWITCHED;
  return outcome.kind === 'refused' ? { kind: 'response', statusCode: outcome.statusCode } : ABANDONED;
}

/** A channel mapping may carry its own query string: the client's parameters are added to it (spec §10.2). */
function withQuery(path: string, query: string): string {
  if (query === '') return path;
  return path.includes('?') ? `${path}&${query.slice(1)}` : path + query;
}
