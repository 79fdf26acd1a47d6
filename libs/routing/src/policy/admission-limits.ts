import type { CircuitBreakerConfig } from '#core';
import type { CircuitBreakerSettings, RetrySettings } from '#settings';

/**
 * A cluster's circuit breakers (spec §9.3) and retry budget, shared by every route and key type
 * that uses the cluster. Counters only: a limit that would be exceeded refuses at once (503
 * `102505` for requests and tries; no retry for retries), nothing queues here.
 */
export class AdmissionLimits {
  requests = 0;
  retries = 0;
  tries = 0;
  /** Tries in flight per member (also what the least-request balancer reads). */
  readonly active: number[];
  /** Members with tries in flight: each holds its own connection pool. */
  private poolsInUse = 0;
  readonly maxRequests: number;
  /** Tries that may be in flight: `maxConnections` busy plus `maxPendingRequests` waiting. */
  readonly maxTries: number;
  readonly maxConnections: number;
  private readonly maxRetries: number;
  private readonly maxPools: number;
  private readonly budgetPercent: number;
  private readonly minRetries: number;

  constructor(members: number, config: CircuitBreakerConfig | undefined, defaults: CircuitBreakerSettings, retry: RetrySettings) {
    this.active = new Array<number>(members).fill(0);
    this.maxRequests = config?.maxRequests ?? defaults.maxRequests;
    this.maxConnections = config?.maxConnections ?? defaults.maxConnections;
    this.maxTries = this.maxConnections + (config?.maxPendingRequests ?? defaults.maxPendingRequests);
    this.maxRetries = config?.maxRetries ?? defaults.maxRetries;
    this.maxPools = config?.maxConnectionPools ?? (defaults.maxConnectionPools || Number.MAX_SAFE_INTEGER);
    this.budgetPercent = retry.budgetPercent;
    this.minRetries = retry.minRetryConcurrency;
  }

  admitRequest(): boolean {
    if (this.requests >= this.maxRequests) return false;
    this.requests++;
    return true;
  }

  releaseRequest(): void {
    this.requests--;
  }

  /** A try may start on `member`: within the connection and pending limits, and the pool limit. */
  startTry(member: number): boolean {
    if (this.tries >= this.maxTries) return false;
    const active = this.active[member];
    if (active === 0) {
      if (this.poolsInUse >= this.maxPools) return false;
      this.poolsInUse++;
    }
    this.active[member] = active + 1;
    this.tries++;
    return true;
  }

  endTry(member: number): void {
    this.tries--;
    if (--this.active[member] === 0) this.poolsInUse--;
  }

  /**
   * A retry may start: under `maxRetries`, and under the retry budget (a share of the active
   * requests, at least `minRetryConcurrency`), so retries never multiply an outage's load.
   */
  startRetry(): boolean {
    const budget = Math.max(this.minRetries, Math.floor((this.requests * this.budgetPercent) / 100));
    if (this.retries >= this.maxRetries || this.retries >= budget) return false;
    this.retries++;
    return true;
  }

  endRetry(): void {
    this.retries--;
  }
}
