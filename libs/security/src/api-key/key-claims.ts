import type { AuthenticationScheme, Principal } from '#core';

/** Claims that API keys and internal keys share (spec §11.3, §11.4), read the same way for both. */

/** The `keytype` claim upper-cased; `PRODUCTION` when absent (spec §7.1). */
export function keyTypeOf(claims: Readonly<Record<string, unknown>>): string {
  const keyType = claims.keytype;
  if (keyType === undefined || keyType === null) return 'PRODUCTION';
  return String(keyType).toUpperCase();
}

/** The `subscribedAPIs` claim's entries that are objects (others can match nothing). */
export function subscribedApisOf(claims: Readonly<Record<string, unknown>>): readonly Readonly<Record<string, unknown>>[] | undefined {
  const entries = claims.subscribedAPIs;
  if (!Array.isArray(entries)) return undefined;
  return entries.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null);
}

/** The caller an API key or internal key names; such keys carry no scopes (spec §11.3). */
export function keyPrincipalOf(scheme: Extract<AuthenticationScheme, 'api-key' | 'internal-key'>, key: string, claims: Readonly<Record<string, unknown>>): Principal {
  return { scheme, keyType: keyTypeOf(claims), subject: typeof claims.sub === 'string' ? claims.sub : undefined, scopes: [], claims, credential: key };
}
