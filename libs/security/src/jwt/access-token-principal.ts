import type { Principal } from '#core';
import type { IssuerProfile } from './issuer-profile.js';

/**
 * The caller an access token names (spec §11.2 steps 7 and 10, §7.1): scopes from `scope` (a
 * space-separated string or an array) or `scp`, the consumer key from the issuer's claim, the
 * claims renamed by its claim mappings, and the key type from `keytype`.
 */
export function accessTokenPrincipal(payload: Readonly<Record<string, unknown>>, profile: IssuerProfile, token: string): Principal {
  const consumerKey = payload[profile.consumerKeyClaim];
  const subject = payload.sub;
  return {
    scheme: 'jwt',
    keyType: keyTypeOf(payload.keytype),
    issuer: profile.name,
    subject: typeof subject === 'string' ? subject : undefined,
    consumerKey: typeof consumerKey === 'string' ? consumerKey : undefined,
    scopes: scopesOf(payload.scope ?? payload.scp),
    claims: mappedClaims(payload, profile),
    credential: token,
  };
}

function keyTypeOf(claim: unknown): string {
  // Any other value stays as sent (upper-cased): the key-type check answers it with "Invalid key type".
  return claim === undefined || claim === null ? 'PRODUCTION' : String(claim).toUpperCase();
}

function scopesOf(claim: unknown): readonly string[] {
  if (typeof claim === 'string') return claim.split(' ').filter((scope) => scope.length > 0);
  if (Array.isArray(claim)) return claim.filter((scope): scope is string => typeof scope === 'string' && scope.length > 0);
  return [];
}

function mappedClaims(payload: Readonly<Record<string, unknown>>, profile: IssuerProfile): Readonly<Record<string, unknown>> {
  if (profile.claimMappings.length === 0) return payload;
  const claims: Record<string, unknown> = { ...payload };
  for (const { remoteClaim, localClaim } of profile.claimMappings) {
    if (!(remoteClaim in payload)) continue;
    delete claims[remoteClaim];
    claims[localClaim] = payload[remoteClaim];
  }
  return claims;
}
