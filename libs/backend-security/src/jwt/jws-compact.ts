import { sign } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

/**
 * JWS compact serialisation (RFC 7515) of backend JWTs: base64url without padding, signed with
 * node:crypto. RS256 is RSASSA-PKCS1-v1_5 with SHA-256; ES256 is ECDSA P-256 with SHA-256 and the
 * raw `r‖s` signature JWS requires (node's default is DER).
 */

/** The encoded header: `typ`, `alg`, the `kid` when asked for, and `x5t#S256` when the key has a certificate. */
export function jwsHeaderSegment(key: SigningKey, useKid: boolean): string {
  const header: Record<string, string> = { typ: 'JWT', alg: key.alg };
  if (useKid) header.kid = key.kid;
  if (key.x5tS256 !== undefined) header['x5t#S256'] = key.x5tS256;
  return Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
}

export function signCompact(headerSegment: string, claims: Readonly<Record<string, unknown>>, key: SigningKey): string {
  const signingInput = `${headerSegment}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
  const signer = key.alg === 'ES256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' as const } : key.privateKey;
  const signature = sign('sha256', Buffer.from(signingInput, 'utf8'), signer);
  return `${signingInput}.${signature.toString('base64url')}`;
}
