/** What an `Authorization` header gives `/testkey` (spec §11.5). */
export type BasicCredentials =
  /** No header, or not the Basic scheme: 401 "Please provide a valid Authorization header". */
  | { readonly kind: 'missing' }
  /** Basic, but not base64 of UTF-8 `user:password`: 400. */
  | { readonly kind: 'undecodable' }
  | { readonly kind: 'given'; readonly username: string; readonly password: string };

const MISSING: BasicCredentials = { kind: 'missing' };
const UNDECODABLE: BasicCredentials = { kind: 'undecodable' };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads HTTP Basic credentials (RFC 7617): the scheme word is case-insensitive, the password may contain `:`. */
export function basicCredentialsOf(header: string | undefined): BasicCredentials {
  const parts = (header ?? '').trim().split(/\s+/);
  if (parts[0].toLowerCase() !== 'basic') return MISSING;
  const encoded = parts[1];
  // Base64 never leaves a single character over in its last quantum.
  if (parts.length !== 2 || !BASE64.test(encoded) || encoded.replace(/=+$/, '').length % 4 === 1) return UNDECODABLE;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
  } catch {
    return UNDECODABLE;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return UNDECODABLE;
  return { kind: 'given', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
