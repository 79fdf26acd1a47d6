import { constants, createHmac, generateKeyPairSync, randomUUID, sign, webcrypto, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/**
 * Real keys and real signed JWTs for security tests: RSA and EC key pairs, their certificate and
 * public-key PEM files, tokens signed with any JWS algorithm an attacker or an issuer might use
 * (including `none` and HS256 with a public key as the secret), and tampered copies of tokens.
 */

export type TestKeyType = 'RSA' | 'P-256' | 'P-384';
export type AsymmetricJwtAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384';
export type TestJwtAlgorithm = AsymmetricJwtAlgorithm | 'HS256' | 'none';

export interface TestKeyPair {
  readonly type: TestKeyType;
  readonly kid: string;
  /** The algorithm tokens signed with this key use unless told otherwise. */
  readonly defaultAlgorithm: AsymmetricJwtAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** The public key as a JWKS entry (`kid`, `use: sig`). */
  readonly jwk: Record<string, unknown>;
}

const DEFAULT_ALGORITHM: Record<TestKeyType, AsymmetricJwtAlgorithm> = { RSA: 'RS256', 'P-256': 'ES256', 'P-384': 'ES384' };

/** RSA 2048 or an EC key on P-256 / P-384; `kid` defaults to a random id. */
export function generateTestKeyPair(type: TestKeyType = 'RSA', kid: string = randomUUID()): TestKeyPair {
  const { privateKey, publicKey } =
    type === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: type });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
  return { type, kid, defaultAlgorithm: DEFAULT_ALGORITHM[type], privateKey, publicKey, publicKeyPem, jwk };
}

/** Writes the public key as `-----BEGIN PUBLIC KEY-----` PEM into `dir`; returns the file path. */
export function writePublicKeyPem(pair: TestKeyPair, dir: string, fileName = `${pair.kid}.pub.pem`): string {
  const path = join(dir, fileName);
  writeFileSync(path, pair.publicKeyPem);
  return path;
}

/** A self-signed X.509 certificate of the key pair, as PEM text. */
export async function selfSignedCertificatePem(pair: TestKeyPair, subject = 'CN=Portico test issuer'): Promise<string> {
  const algorithm =
    pair.type === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: pair.type, hash: pair.type === 'P-256' ? 'SHA-256' : 'SHA-384' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pair.privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, true, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', pair.publicKey.export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']);
  const keys = { privateKey, publicKey } as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  // The crypto provider is passed per call: setting x509's global provider would leak into other tests.
  const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: algorithm,
      keys,
    },
    provider,
  );
  return certificate.toString('pem');
}

/** Writes a self-signed certificate of the key pair into `dir`; returns the file path. */
export async function writeCertificatePem(pair: TestKeyPair, dir: string, fileName = `${pair.kid}.crt.pem`): Promise<string> {
  const path = join(dir, fileName);
  writeFileSync(path, await selfSignedCertificatePem(pair));
  return path;
}

export interface SignJwtOptions {
  /** The signing key (RS*, PS*, ES*). Its `kid` goes into the header unless `kid` says otherwise. */
  readonly key?: TestKeyPair;
  /** Default: the key's default algorithm. */
  readonly algorithm?: TestJwtAlgorithm;
  /** HS256 secret; an attack test passes the issuer's public key PEM here. */
  readonly secret?: string | Buffer;
  /** `null` leaves `kid` out of the header; a string replaces the key's kid. */
  readonly kid?: string | null;
  /** Extra or replaced header fields (written after `alg`, `typ` and `kid`). */
  readonly header?: Record<string, unknown>;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Signs `claims` exactly as given (no claim is added) with the chosen algorithm. */
export function signJwt(claims: Record<string, unknown>, options: SignJwtOptions): string {
  const algorithm = options.algorithm ?? options.key?.defaultAlgorithm;
  if (!algorithm) throw new Error('signJwt: give a key or an algorithm');
  const kid = options.kid === undefined ? options.key?.kid : options.kid;
  const header = { alg: algorithm, typ: 'JWT', ...(kid === null || kid === undefined ? {} : { kid }), ...options.header };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${signatureOf(signingInput, algorithm, options)}`;
}

function signatureOf(input: string, algorithm: TestJwtAlgorithm, options: SignJwtOptions): string {
  if (algorithm === 'none') return '';
  if (algorithm === 'HS256') {
    if (options.secret === undefined) throw new Error('signJwt: HS256 needs a secret');
    return createHmac('sha256', options.secret).update(input).digest('base64url');
  }
  const key = options.key?.privateKey;
  if (!key) throw new Error(`signJwt: ${algorithm} needs a key`);
  const hash = `sha${algorithm.slice(2)}`;
  const data = Buffer.from(input);
  if (algorithm.startsWith('PS')) {
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }).toString('base64url');
  }
  // JWS carries ECDSA signatures as r||s, not DER.
  if (algorithm.startsWith('ES')) return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return sign(hash, data, key).toString('base64url');
}

export interface AccessTokenClaimsInput {
  readonly issuer: string;
  /** Seconds from now; `null` leaves `exp` out. Default 3600. */
  readonly expiresInSeconds?: number | null;
  readonly subject?: string;
  /** Unix seconds used for `iat` and as the base of `exp`; default now. */
  readonly nowSeconds?: number;
  /** Added last (may replace the defaults). */
  readonly extra?: Record<string, unknown>;
}

/** The claims of an ordinary access token: iss, sub, iat, exp, azp and a scope string. */
export function accessTokenClaims(input: AccessTokenClaimsInput): Record<string, unknown> {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const expiresIn = input.expiresInSeconds === undefined ? 3600 : input.expiresInSeconds;
  return {
    iss: input.issuer,
    sub: input.subject ?? 'alice@carbon.super',
    iat: now,
    ...(expiresIn === null ? {} : { exp: now + expiresIn }),
    azp: 'test-client-id',
    scope: 'default',
    ...input.extra,
  };
}

/** The same token with one signature byte changed: a well-formed token whose signature is wrong. */
export function tamperSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature ?? '', 'base64url');
  if (bytes.length === 0) return `${header}.${payload}.${base64url('x')}`;
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/** The same token (same header and signature) with claims changed or added in its payload. */
export function tamperPayload(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${base64url(JSON.stringify({ ...claims, ...changes }))}.${signature}`;
}
