import type { ForwardOutcome } from '../connector/connector.js';

/** `pick()` of a set without endpoints (mock and other endpoint-less connectors). */
export const NO_ENDPOINT = -1;
/** `pick()` when the cluster's connection or pool limits are reached: 503 `102505` (spec §9.3). */
export const ENDPOINT_OVERFLOW = -2;

/**
 * A cluster's routing policy (ARCHITECTURE §3): admission limits (circuit breakers), endpoint
 * choice, what tries teach it (health, ejection, balancing) and the retry decision. HTTP,
 * WebSocket and SOAP connection attempts all go through it; connectors know none of it.
 */
export interface RoutingPolicy {
  /**
   * Starts a request on the cluster, or undefined when `maxRequests` is reached (503 `102505`).
   * `method` decides what may be retried after a reset (idempotent methods only).
   */
  begin(method: string): RequestRouting | undefined;
  /** True when some request could be tried twice here, so its body must be kept for a replay. */
  readonly mayRetry: boolean;
}

/** One request's passage through a cluster: its tries, in order. */
export interface RequestRouting {
  /**
   * The endpoint for the next try, preferring members this request has not tried yet:
   * NO_ENDPOINT for a set without endpoints, ENDPOINT_OVERFLOW when limits are reached. Every
   * endpoint ≥ 0 it returns must be followed by one `record`.
   */
  pick(): number;
  /** The try on `endpoint` ended: health checking, outlier ejection and the balancer learn from it. */
  record(endpoint: number, outcome: ForwardOutcome, latencyMs: number): void;
  /**
   * Whether to try again after `outcome` (asked for a response head before it is accepted, and
   * for a failure): the delay in ms before the next try, or -1 for no. A yes holds a retry slot
   * (`maxRetries`, the retry budget) until the next try is recorded or the request ends.
   * `replayable`: the body can be sent again; `remainingMs`: time left of the route timeout.
   */
  retryDelay(outcome: ForwardOutcome, replayable: boolean, remainingMs: number): number;
  /** The request is over: releases its admission and any retry slot. Idempotent. */
  end(): void;
}
