import type { ForwardOutcome } from '#core';
import type { OutlierDetectionSettings } from '#settings';

/** A member reached a consecutive-error threshold: what it was and how many in a row. */
export interface OutlierTrip {
  readonly kind: '5xx responses' | 'gateway failures';
  readonly count: number;
}

/**
 * Passive outlier detection (spec §8.4, as Envoy's consecutive 5xx and consecutive gateway
 * failure detectors): counts each member's consecutive bad outcomes. Runs on every try, so a
 * success costs two array writes and nothing is allocated.
 */
export class OutlierDetector {
  private readonly consecutive5xx: Uint32Array;
  private readonly consecutiveGatewayFailures: Uint32Array;
  private readonly fiveXxTrip: OutlierTrip;
  private readonly gatewayTrip: OutlierTrip;

  constructor(members: number, settings: OutlierDetectionSettings) {
    this.consecutive5xx = new Uint32Array(members);
    this.consecutiveGatewayFailures = new Uint32Array(members);
    this.fiveXxTrip = { kind: '5xx responses', count: settings.consecutive5xx };
    this.gatewayTrip = { kind: 'gateway failures', count: settings.consecutiveGatewayFailures };
  }

  /** A response below 500: the member's streaks end. */
  passed(member: number): void {
    this.consecutive5xx[member] = 0;
    this.consecutiveGatewayFailures[member] = 0;
  }

  /**
   * A 5xx or a counted failure (see `outlierErrorOf`): the trip when a streak reaches its
   * threshold, which starts it again (as Envoy does, whether or not the member is then ejected).
   */
  failed(member: number, outcome: ForwardOutcome): OutlierTrip | undefined {
    const streaks = outcome.kind === 'response' ? this.consecutive5xx : this.consecutiveGatewayFailures;
    const trip = outcome.kind === 'response' ? this.fiveXxTrip : this.gatewayTrip;
    streaks[member]++;
    if (streaks[member] < trip.count) return undefined;
    streaks[member] = 0;
    return trip;
  }

  clear(): void {
    this.consecutive5xx.fill(0);
    this.consecutiveGatewayFailures.fill(0);
  }
}

const COUNTED_FAILURES: ReadonlySet<string> = new Set(['connect', 'reset', 'termination', 'timeout', 'protocol']);

/**
 * What an outcome says is wrong with the member, or undefined when it says nothing: a success, or
 * a failure that is not the member's fault (client gone, admission limit, destination denied).
 */
export function outlierErrorOf(outcome: ForwardOutcome): string | undefined {
  if (outcome.kind === 'response') return outcome.statusCode >= 500 ? `HTTP ${outcome.statusCode}` : undefined;
  if (!COUNTED_FAILURES.has(outcome.failure)) return undefined;
  const cause = outcome.cause;
  if (cause === undefined) return outcome.failure;
  const message = (cause as { message?: unknown } | null)?.message;
  return `${outcome.failure}: ${typeof message === 'string' ? message : String(cause)}`;
}
