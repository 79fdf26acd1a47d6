import type { OutlierDetectionSettings } from '#settings';
import type { MemberHealth } from './member-health.js';

/**
 * Whether `candidate` may be ejected now: ejected and unhealthy members together stay within
 * maxEjectionPercent, except that one ejection is always allowed while two members are
 * available (as Envoy, so small clusters can eject at all); the last available member never is.
 */
export function ejectionAllowed(members: readonly MemberHealth[], candidate: number, maxEjectionPercent: number): boolean {
  let available = 0;
  let ejected = 0;
  for (const member of members) {
    if (member.available) available++;
    if (member.ejected) ejected++;
  }
  const availableAfter = members[candidate].available ? available - 1 : available;
  if (availableAfter < 1) return false;
  const unavailableAfter = members.length - availableAfter;
  return unavailableAfter * 100 <= maxEjectionPercent * members.length || (ejected === 0 && available >= 2);
}

/** The `ejections`-th ejection lasts base × 2^(ejections − 1), at most the maximum. */
export function ejectionDurationMs(ejections: number, settings: OutlierDetectionSettings): number {
  return Math.min(settings.baseEjectionTimeMs * 2 ** (ejections - 1), settings.maxEjectionTimeMs);
}
