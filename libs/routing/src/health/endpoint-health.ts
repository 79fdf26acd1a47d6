import type { ForwardOutcome, MemberStatus } from '#core';

/** One member's health as the admin view shows it (ClusterStatus adds the rest). */
export type MemberHealthStatus = Omit<MemberStatus, 'url' | 'activeRequests' | 'averageLatencyMs'>;

/**
 * The health of a cluster's members: active probes (spec §8.2) and passive outlier ejection
 * (§8.4), with Envoy's panic mode. The balancers read `usable` on every pick; it changes only on
 * health events (a probe result, an ejection, its end), never per request.
 */
export interface EndpointHealth {
  /** Per member: may take traffic. In panic mode every entry is true. */
  readonly usable: readonly boolean[];
  /** Fewer than `panicThresholdPercent` of the members are available. */
  readonly panic: boolean;
  /** `tcp`, `http <path>` or `off`: what the active checker does. */
  readonly checks: string;
  /** A try on `endpoint` ended (passive detection; cheap on success: it runs per request). */
  record(endpoint: number, outcome: ForwardOutcome): void;
  memberStatus(endpoint: number): MemberHealthStatus;
  /** Every member healthy again, counters and ejection history cleared; probes go on. */
  reset(): void;
  /** Stops probes and timers; idempotent. */
  dispose(): void;
}
