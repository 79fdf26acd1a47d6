import type { EndpointSet } from '#core';
import type { GatewaySettings } from '#settings';

/** Methods a reset may have reached the backend with and still be sent again (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * What a set's requests may be retried on (spec §9.1, §8.4): its `retryConfig` status codes, up
 * to `count` times, with jittered exponential back-off; and, when per-request failover is on, a
 * connection failure moves the request to a member it has not tried, once per member.
 */
export class RetryRules {
  readonly count: number;
  /** Indexed by status code: retried or not. */
  private readonly statuses: boolean[] = [];
  private readonly baseMs: number;
  private readonly capMs: number;
  /** Failover tries after connection failures: one per other member, none when off. */
  readonly failovers: number;

  constructor(set: EndpointSet, settings: GatewaySettings) {
    this.count = set.retry?.count ?? 0;
    for (const code of set.retry?.statusCodes ?? []) this.statuses[code] = true;
    this.baseMs = settings.upstream.retry.baseIntervalMs;
    this.capMs = 10 * this.baseMs;
    this.failovers = settings.upstream.failover.onConnectionFailure ? Math.max(0, set.urls.length - 1) : 0;
  }

  /** Some request to this set can be tried twice, so bodies must be kept for a replay. */
  get mayRetry(): boolean {
    return this.count > 0 || this.failovers > 0;
  }

  retriesStatus(statusCode: number): boolean {
    return this.statuses[statusCode] === true;
  }

  /** Whether a try that failed this way before any response byte may be sent again. */
  failsOver(failure: string, method: string): boolean {
    if (failure === 'connect') return true;
    return (failure === 'reset' || failure === 'termination') && IDEMPOTENT.has(method);
  }

  /** Back-off before retry `n` (1-based): random in [0, (2^n − 1) × base], at most 10 × base. */
  backoffMs(n: number): number {
    return Math.floor(Math.random() * Math.min(((1 << Math.min(n, 20)) - 1) * this.baseMs, this.capMs));
  }
}
