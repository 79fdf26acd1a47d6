import { CircuitBreakerSettings, RetrySettings } from '#settings';
import { AdmissionLimits } from './admission-limits.js';

const retry = Object.assign(new RetrySettings(), { budgetPercent: 20, minRetryConcurrency: 2 });

describe('AdmissionLimits', () => {
  it('refuses requests beyond maxRequests and admits again after a release', () => {
    const limits = new AdmissionLimits(1, { maxRequests: 2 }, new CircuitBreakerSettings(), retry);
    expect([limits.admitRequest(), limits.admitRequest(), limits.admitRequest()]).toEqual([true, true, false]);
    limits.releaseRequest();
    expect(limits.admitRequest()).toBe(true);
  });

  it('bounds tries in flight by maxConnections + maxPendingRequests and pools by maxConnectionPools', () => {
    const limits = new AdmissionLimits(3, { maxConnections: 1, maxPendingRequests: 1, maxConnectionPools: 2 }, new CircuitBreakerSettings(), retry);
    expect(limits.startTry(0)).toBe(true);
    expect(limits.startTry(1)).toBe(true);
    expect(limits.startTry(0)).toBe(false);
    limits.endTry(1);
    expect(limits.active).toEqual([1, 0, 0]);
    expect(limits.startTry(2)).toBe(true);
    limits.endTry(0);
    limits.endTry(2);
    const pools = new AdmissionLimits(3, { maxConnectionPools: 2 }, new CircuitBreakerSettings(), retry);
    expect([pools.startTry(0), pools.startTry(0), pools.startTry(1), pools.startTry(2)]).toEqual([true, true, true, false]);
  });

  it('allows retries up to maxRetries and the budget share of active requests, at least the minimum', () => {
    const limits = new AdmissionLimits(1, { maxRetries: 10 }, new CircuitBreakerSettings(), retry);
    for (let i = 0; i < 20; i++) limits.admitRequest();
    // 20 % of 20 active requests = 4 retries.
    expect(Array.from({ length: 6 }, () => limits.startRetry())).toEqual([true, true, true, true, false, false]);
    for (let i = 0; i < 4; i++) limits.endRetry();
    for (let i = 0; i < 19; i++) limits.releaseRequest();
    // One active request: the minimum of 2 still applies.
    expect([limits.startRetry(), limits.startRetry(), limits.startRetry()]).toEqual([true, true, false]);
    const capped = new AdmissionLimits(1, { maxRetries: 1 }, new CircuitBreakerSettings(), retry);
    expect([capped.startRetry(), capped.startRetry()]).toEqual([true, false]);
  });
});
