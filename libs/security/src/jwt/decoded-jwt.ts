/** The parts of a compact JWS that are read before its signature is checked (issuer, key choice). */
export interface DecodedJwt {
  readonly alg: string;
  readonly kid: string | undefined;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Decodes header and payload without trusting them. Anything that is not three base64url parts
 * with a JSON object header (naming `alg`) and a JSON object payload is not a JWT (spec §11.2 step 2).
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) return undefined;
  const header = jsonObjectOf(token.slice(0, firstDot));
  const payload = jsonObjectOf(token.slice(firstDot + 1, secondDot));
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  return { alg: header.alg, kid: typeof header.kid === 'string' ? header.kid : undefined, payload };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function jsonObjectOf(part: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
