import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes: `scrypt$<N>$<r>$<p>$<saltB64>$<hashB64>` (node:crypto scrypt), as written by
 * `hash-password` and accepted in `admin.users[].passwordHash` and
 * `security.testKey.users[].passwordHash`. In core because both the admin and the security lib
 * check them, and neither may import the other.
 */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;

export interface PasswordHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Parses a hash; throws an Error naming what is wrong (checked once, at start). */
export function parsePasswordHash(encoded: string): PasswordHash {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new Error('expected scrypt$<N>$<r>$<p>$<saltBase64>$<hashBase64>');
  }
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!Number.isInteger(N) || N < 2 || (N & (N - 1)) !== 0) throw new Error('N must be a power of two greater than 1');
  if (!Number.isInteger(r) || r < 1 || !Number.isInteger(p) || p < 1) throw new Error('r and p must be positive integers');
  const salt = Buffer.from(parts[4], 'base64');
  const hash = Buffer.from(parts[5], 'base64');
  if (salt.length === 0 || hash.length < 16) throw new Error('salt or hash is missing or too short');
  return { N, r, p, salt, hash };
}

export async function verifyPassword(password: string, encoded: string | PasswordHash): Promise<boolean> {
  let parsed: PasswordHash;
  try {
    parsed = typeof encoded === 'string' ? parsePasswordHash(encoded) : encoded;
  } catch {
    return false;
  }
  const derived = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(derived, parsed.hash);
}

function derive(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // maxmem above the 128·N·r bytes scrypt needs, so larger N values from a hash are honoured.
    scrypt(password, salt, length, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
