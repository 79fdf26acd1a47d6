import { REQUEST_ERRORS } from '#core';
import { TokenCacheSettings } from '#settings';
import { CredentialCache } from './credential-cache.js';

const REFUSED = { failure: REQUEST_ERRORS.invalidCredentials };

function cacheWith(change: Partial<TokenCacheSettings> = {}): CredentialCache<string> {
  return new CredentialCache(Object.assign(new TokenCacheSettings(), change));
}

describe('CredentialCache', () => {
  it('keeps a success until the credential expires, at most maxAgeMs; one without expiry maxAgeMs', () => {
    const cache = cacheWith({ maxAgeMs: 10_000 });
    const t0 = 1_000_000;
    cache.rememberSuccess('expiring', 'a', t0 + 5_000, t0);
    cache.rememberSuccess('long-lived', 'b', t0 + 60_000, t0);
    cache.rememberSuccess('no-exp', 'c', undefined, t0);
    expect([cache.get('expiring', t0 + 4_999), cache.get('long-lived', t0 + 4_999), cache.get('no-exp', t0 + 4_999)]).toEqual(['a', 'b', 'c']);
    expect(cache.get('expiring', t0 + 5_000)).toBeUndefined();
    expect([cache.get('long-lived', t0 + 10_000), cache.get('no-exp', t0 + 10_000)]).toEqual([undefined, undefined]);
  });

  it('keeps a refusal failureTtlMs, and nothing that has already expired', () => {
    const cache = cacheWith({ failureTtlMs: 5_000 });
    cache.rememberFailure('bad', REFUSED, 0);
    cache.rememberSuccess('gone', 'x', -1, 0);
    expect(cache.get('bad', 4_999)).toBe(REFUSED);
    expect(cache.get('gone', 0)).toBeUndefined();
    expect(cache.get('bad', 5_000)).toBeUndefined();
  });

  it('bounds successes and refusals apart, dropping the least recently used: refusals never push successes out', () => {
    const cache = cacheWith({ maxEntries: 2 });
    cache.rememberSuccess('a', 'A', undefined, 0);
    cache.rememberSuccess('b', 'B', undefined, 0);
    expect(cache.get('a', 0)).toBe('A');
    cache.rememberSuccess('c', 'C', undefined, 0);
    for (const bad of ['x', 'y', 'z']) cache.rememberFailure(bad, REFUSED, 0);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)]).toEqual(['A', undefined, 'C']);
    expect(cache.size).toEqual({ successes: 2, failures: 2 });
  });

  it('remembers nothing with maxEntries 0, and no refusal with failureTtlMs 0', () => {
    const off = cacheWith({ maxEntries: 0 });
    off.rememberSuccess('a', 'A', undefined, 0);
    off.rememberFailure('b', REFUSED, 0);
    expect(off.size).toEqual({ successes: 0, failures: 0 });
    const noFailures = cacheWith({ failureTtlMs: 0 });
    noFailures.rememberFailure('b', REFUSED, 0);
    expect(noFailures.get('b', 0)).toBeUndefined();
  });
});
