import { createHash } from 'node:crypto';
import type { AuthFailure } from '#core';
import type { TokenCacheSettings } from '#settings';
import { ExpiringLruMap } from './jwt/expiring-lru-map.js';

/**
 * What one verifier learned about the credentials it has seen, keyed on the whole credential
 * string: a tampered copy of a cached token is another key, so it is verified again (and fails)
 * instead of finding the cached success. Successes live until the credential expires, at most
 * `maxAgeMs`; refusals live `failureTtlMs`, so a flood of one bad credential costs one
 * verification. Successes and refusals are bounded apart (least recently used first), so a flood
 * of bad credentials cannot push the good ones out, and refusals are keyed on the credential's
 * SHA-256: anyone can send ten thousand distinct 60 KB tokens, and their refusals must not hold
 * 600 MB. Entries expire when read: no timer to own. One instance per verifier, never module
 * state: two gateways in one process share nothing. Generic over what a success holds (an
 * OAuth2 token's, an API key's, an internal key's verified claims).
 */
export class CredentialCache<V> {
  private readonly successes: ExpiringLruMap<V>;
  private readonly failures: ExpiringLruMap<AuthFailure>;

  constructor(private readonly settings: TokenCacheSettings) {
    this.successes = new ExpiringLruMap(settings.maxEntries);
    this.failures = new ExpiringLruMap(settings.failureTtlMs > 0 ? settings.maxEntries : 0);
  }

  /** The remembered outcome, or undefined when the credential has to be verified. */
  get(credential: string, now: number): V | AuthFailure | undefined {
    const success = this.successes.get(credential, now);
    if (success !== undefined || this.failures.size === 0) return success;
    return this.failures.get(digestOf(credential), now);
  }

  /** Kept until `expiresAtMs` (a credential without expiry: no limit of its own), at most `maxAgeMs`. */
  rememberSuccess(credential: string, verified: V, expiresAtMs: number | undefined, now: number): void {
    this.successes.set(credential, verified, Math.min(expiresAtMs ?? Number.POSITIVE_INFINITY, now + this.settings.maxAgeMs), now);
  }

  rememberFailure(credential: string, failure: AuthFailure, now: number): void {
    this.failures.set(digestOf(credential), failure, now + this.settings.failureTtlMs, now);
  }

  get size(): { readonly successes: number; readonly failures: number } {
    return { successes: this.successes.size, failures: this.failures.size };
  }
}

function digestOf(credential: string): string {
  return createHash('sha256').update(credential).digest('base64');
}
