// The consumer credentials of the auth modes, made fresh at every bench start: one RSA key pair
// (node:crypto), its public key as PEM for the gateway settings, and pools of distinct RS256
// access tokens (spec §11.2) and API keys (spec §11.3) signed with it.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const BENCH_ISSUER = 'https://bench.portico/oauth2/token';
export const BENCH_ISSUER_NAME = 'Bench KM';
const TOKEN_LIFETIME_S = 3600;
const HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

/** A compact RS256 JWS of `claims`, signed with the private key. */
export function signRs256(claims, privateKey) {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Access-token claims of consumer `i`: its own sub and jti, valid for an hour from `nowS`. */
export function accessTokenClaims(i, nowS) {
  return {
    iss: BENCH_ISSUER,
    sub: `bench-user-${i}`,
    iat: nowS,
    exp: nowS + TOKEN_LIFETIME_S,
    azp: `bench-client-${i % 100}`,
    scope: 'default',
    keytype: 'PRODUCTION',
    jti: randomUUID(),
  };
}

/** API-key claims of consumer `i`: API Manager's shape without exp (such keys do not expire). */
export function apiKeyClaims(i, nowS) {
  return {
    sub: `bench-user-${i}@carbon.super`,
    application: { id: i, uuid: randomUUID(), name: `BenchApp${i}`, tier: 'Unlimited', owner: 'admin' },
    keytype: 'PRODUCTION',
    token_type: 'apiKey',
    iat: nowS,
    jti: randomUUID(),
  };
}

/**
 * Writes `<dir>/bench-signing-key.pem` (the public key: settings accept a PEM certificate or
 * public key) and signs the pools (an RSA-2048 signature costs about 0.3 ms: only the pools of
 * the modes measured are made). Returns the PEM path and both pools.
 */
export function createBenchCredentials({ dir, accessTokenCount, apiKeyCount, nowS = Math.floor(Date.now() / 1000) }) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyFile = path.join(dir, 'bench-signing-key.pem');
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const pool = (count, claimsOf) => Array.from({ length: count }, (_, i) => signRs256(claimsOf(i, nowS), privateKey));
  return { publicKeyFile, accessTokens: pool(accessTokenCount, accessTokenClaims), apiKeys: pool(apiKeyCount, apiKeyClaims) };
}
