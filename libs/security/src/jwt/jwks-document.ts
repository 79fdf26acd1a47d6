import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isTokenSigningKey } from './issuer-public-key.js';

/** The signing keys of one JWKS answer, by `kid`, and how many entries could not be used. */
export interface JwksKeys {
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly skipped: number;
}

/**
 * Reads a JWKS body (RFC 7517 §5). Usable entries are RSA or EC signing keys with a `kid`;
 * other entries (encryption keys, symmetric or OKP keys, broken key material) are skipped, so a
 * token naming them is refused like one naming an unknown kid. A body that is not a key set throws.
 */
export function parseJwks(body: string): JwksKeys {
  const document: unknown = JSON.parse(body);
  const entries = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(entries)) throw new Error('the answer has no "keys" array');
  const keys = new Map<string, KeyObject>();
  let skipped = 0;
  for (const entry of entries as unknown[]) {
    const key = signingKeyOf(entry);
    if (key) keys.set(key.kid, key.key);
    else skipped++;
  }
  return { keys, skipped };
}

function signingKeyOf(entry: unknown): { kid: string; key: KeyObject } | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const jwk = entry as JsonWebKey & { kid?: unknown; use?: unknown };
  if (typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) return undefined;
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') return undefined;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    return isTokenSigningKey(key) ? { kid: jwk.kid, key } : undefined;
  } catch {
    return undefined;
  }
}
