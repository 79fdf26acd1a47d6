import { createPublicKey, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { CallResult, TestGateway } from '#testing';

/**
 * What a backend does with the gateway's backend JWT (spec §13.5): fetch `/.wellknown/jwks` from
 * the data plane, pick the key the token's `kid` names, and verify with jsonwebtoken, as a
 * third-party verifier would, never with the gateway's own code.
 */

export const JWKS_PATH = '/.wellknown/jwks';

export type PublishedKey = JsonWebKey & { readonly kid: string; readonly alg: jwt.Algorithm; readonly use: string };

export interface Jwks {
  readonly keys: PublishedKey[];
}

/** The JWKS as a backend gets it; fails the test on anything but a 200 JSON answer. */
export async function fetchJwks(gw: TestGateway): Promise<Jwks> {
  const res = await gw.request(JWKS_PATH);
  expect([res.status, res.headers['content-type']]).toEqual([200, expect.stringContaining('application/json')]);
  return res.json<Jwks>();
}

export function tokenHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Verifies `token` with the JWKS key its header's `kid` selects, checking that key's `alg` and `use`. */
export function verifiedClaims(token: string, jwks: Jwks, algorithm: jwt.Algorithm): jwt.JwtPayload {
  const kid = tokenHeader(token).kid;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (jwk === undefined) throw new Error(`no JWKS key has kid ${String(kid)}; published: ${jwks.keys.map((key) => key.kid).join(', ')}`);
  expect([jwk.alg, jwk.use]).toEqual([algorithm, 'sig']);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return jwt.verify(token, key, { algorithms: [algorithm] }) as jwt.JwtPayload;
}

interface Echoed {
  readonly headers: Record<string, string | undefined>;
}

/** The value of `header` as the echo backend received it (undefined when the gateway sent none). */
export function receivedHeader(res: CallResult, header = 'x-jwt-assertion'): string | undefined {
  expect(res.status).toBe(200);
  return res.json<Echoed>().headers[header.toLowerCase()];
}

/** Same as receivedHeader, but the header must be there. */
export function receivedToken(res: CallResult, header = 'x-jwt-assertion'): string {
  const token = receivedHeader(res, header);
  if (token === undefined) throw new Error(`the backend received no ${header} (answer: ${res.text.slice(0, 300)})`);
  return token;
}
