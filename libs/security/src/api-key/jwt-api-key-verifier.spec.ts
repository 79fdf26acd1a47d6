import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SecurityRequest, StartupError } from '#core';
import type { GatewaySettings } from '#settings';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, signJwt, tamperPayload, tamperSignature, type TestKeyPair, writeCertificatePem, writePublicKeyPem } from '../../../testing/src/token-kit.js';
import { JwtApiKeyVerifier } from './jwt-api-key-verifier.js';
import { API_KEY_FAILED, apiKeyClaims, clockOf, failureOf, FORBIDDEN, INVALID, MISSING, PETSTORE, principalOf, REQUEST, settingsIn, tempDir } from './key-test-kit.spec-support.js';

const rsa = generateTestKeyPair('RSA', 'apikey');
const otherRsa = generateTestKeyPair('RSA', 'apikey');

interface Setup {
  readonly validateSubscription?: boolean;
  readonly key?: TestKeyPair;
  readonly now?: () => number;
}

function verifierWith(setup: Setup = {}): { verifier: JwtApiKeyVerifier; settings: GatewaySettings } {
  const dir = tempDir();
  const settings = settingsIn(dir, (security) => {
    security.apiKey.certificateFile = writePublicKeyPem(setup.key ?? rsa, dir, 'apikey.pem');
    security.apiKey.validateSubscription = setup.validateSubscription ?? false;
  });
  return { verifier: new JwtApiKeyVerifier(settings, clockOf(setup.now)), settings };
}

const keyOf = (extra: Record<string, unknown> = {}, key: TestKeyPair = rsa): string => signJwt(apiKeyClaims(extra), { key });
const withRequest = (change: Partial<SecurityRequest>): SecurityRequest => ({ ...REQUEST, ...change });

describe('JwtApiKeyVerifier (spec §11.3)', () => {
  it('accepts a valid key: principal with scheme api-key, key type, subject, claims, the key, no scopes', () => {
    const { verifier } = verifierWith();
    const key = keyOf();
    const principal = principalOf(verifier.verify(key, PETSTORE, REQUEST));
    expect(principal).toMatchObject({ scheme: 'api-key', keyType: 'PRODUCTION', subject: 'admin@carbon.super', scopes: [], credential: key });
    expect(principal.claims).toMatchObject({ token_type: 'apiKey', application: { name: 'PizzaApp' } });
  });

  it('takes the key type from keytype, upper-cased, and PRODUCTION when absent', () => {
    const { verifier } = verifierWith();
    expect(principalOf(verifier.verify(keyOf({ keytype: 'sandbox' }), PETSTORE, REQUEST)).keyType).toBe('SANDBOX');
    expect(principalOf(verifier.verify(keyOf({ keytype: undefined }), PETSTORE, REQUEST)).keyType).toBe('PRODUCTION');
  });

  it('refuses a bad signature with "API key authentication failed.."', () => {
    const { verifier } = verifierWith();
    expect(failureOf(verifier.verify(tamperSignature(keyOf()), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
    expect(failureOf(verifier.verify(keyOf({}, otherRsa), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
  });

  it('refuses three parts that do not decode with "API key authentication failed.."', () => {
    const { verifier } = verifierWith();
    expect(failureOf(verifier.verify('aaa.bbb.ccc', PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
    expect(failureOf(verifier.verify('..', PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
  });

  it('does not take a value that is not three dot-separated parts as an API key: missing credentials', () => {
    const { verifier } = verifierWith();
    expect(failureOf(verifier.verify('not-a-jwt', PETSTORE, REQUEST))).toEqual(MISSING);
  });

  it('refuses unsigned (alg none) keys and HS256 keys signed with the public key as secret', () => {
    const { verifier } = verifierWith();
    expect(failureOf(verifier.verify(signJwt(apiKeyClaims(), { algorithm: 'none' }), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
    const hs256 = signJwt(apiKeyClaims(), { algorithm: 'HS256', secret: rsa.publicKeyPem });
    expect(failureOf(verifier.verify(hs256, PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
  });

  it('refuses an expired key with "Invalid Credentials", and accepts a key without exp', () => {
    const { verifier } = verifierWith();
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(failureOf(verifier.verify(keyOf({ exp: past }), PETSTORE, REQUEST))).toEqual(INVALID);
    expect(principalOf(verifier.verify(keyOf({ exp: undefined }), PETSTORE, REQUEST)).scheme).toBe('api-key');
    expect(principalOf(verifier.verify(keyOf({ exp: past + 3600 }), PETSTORE, REQUEST)).scheme).toBe('api-key');
  });

  it('refuses an internal key offered as an API key with "Invalid Credentials"', () => {
    const { verifier } = verifierWith();
    expect(failureOf(verifier.verify(keyOf({ token_type: 'InternalKey' }), PETSTORE, REQUEST))).toEqual(INVALID);
  });

  it('accepts RS384, PS256 and, with an EC certificate, ES256 and ES384 keys', async () => {
    const { verifier } = verifierWith();
    expect(principalOf(verifier.verify(signJwt(apiKeyClaims(), { key: rsa, algorithm: 'RS384' }), PETSTORE, REQUEST)).scheme).toBe('api-key');
    expect(principalOf(verifier.verify(signJwt(apiKeyClaims(), { key: rsa, algorithm: 'PS256' }), PETSTORE, REQUEST)).scheme).toBe('api-key');
    for (const curve of ['P-256', 'P-384'] as const) {
      const ec = generateTestKeyPair(curve);
      const dir = tempDir();
      const certificate = await writeCertificatePem(ec, dir);
      const ecVerifier = new JwtApiKeyVerifier(settingsIn(dir, (security) => (security.apiKey.certificateFile = certificate)), clockOf());
      expect(principalOf(ecVerifier.verify(keyOf({}, ec), PETSTORE, REQUEST)).scheme).toBe('api-key');
    }
  });

  describe('subscription', () => {
    it('with validateSubscription, needs a subscribedAPIs entry of the API name and version: else 403 900908', () => {
      const { verifier } = verifierWith({ validateSubscription: true });
      expect(principalOf(verifier.verify(keyOf(), PETSTORE, REQUEST)).scheme).toBe('api-key');
      expect(failureOf(verifier.verify(keyOf(), { ...PETSTORE, version: '2.0.0' }, REQUEST))).toEqual(FORBIDDEN);
      expect(failureOf(verifier.verify(keyOf(), { ...PETSTORE, name: 'Other' }, REQUEST))).toEqual(FORBIDDEN);
      expect(failureOf(verifier.verify(keyOf({ subscribedAPIs: undefined }), PETSTORE, REQUEST))).toEqual(FORBIDDEN);
    });

    it('without it, accepts a key for any API', () => {
      const { verifier } = verifierWith({ validateSubscription: false });
      expect(principalOf(verifier.verify(keyOf({ subscribedAPIs: [] }), { ...PETSTORE, name: 'Other' }, REQUEST)).scheme).toBe('api-key');
    });
  });

  describe('cache', () => {
    it('refuses a tampered key after the genuine one was accepted (and cached)', () => {
      const { verifier } = verifierWith();
      const key = keyOf();
      principalOf(verifier.verify(key, PETSTORE, REQUEST));
      expect(failureOf(verifier.verify(tamperSignature(key), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
      expect(failureOf(verifier.verify(tamperPayload(key, { keytype: 'SANDBOX' }), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
      expect(principalOf(verifier.verify(key, PETSTORE, REQUEST)).keyType).toBe('PRODUCTION');
    });

    it('answers a cached key with the same principal, and still checks the request each time', () => {
      const { verifier } = verifierWith();
      const key = keyOf({ permittedIP: '203.0.113.7' });
      const first = principalOf(verifier.verify(key, PETSTORE, REQUEST));
      expect(verifier.verify(key, PETSTORE, REQUEST)).toBe(first);
      expect(failureOf(verifier.verify(key, PETSTORE, withRequest({ clientAddress: '203.0.113.8' })))).toEqual(FORBIDDEN);
    });

    it('stops answering a cached key once it expires (injected clock)', () => {
      let now = Date.now();
      const { verifier } = verifierWith({ now: () => now });
      const key = keyOf({ exp: Math.floor(now / 1000) + 60 });
      principalOf(verifier.verify(key, PETSTORE, REQUEST));
      now += 30_000;
      principalOf(verifier.verify(key, PETSTORE, REQUEST));
      now += 60_000;
      expect(failureOf(verifier.verify(key, PETSTORE, REQUEST))).toEqual(INVALID);
    });
  });

  describe('certificates', () => {
    it('falls back to security.internalKey.certificateFile, an X.509 certificate', async () => {
      const dir = tempDir();
      const certificate = await writeCertificatePem(rsa, dir);
      const verifier = new JwtApiKeyVerifier(settingsIn(dir, (security) => (security.internalKey.certificateFile = certificate)), clockOf());
      expect(principalOf(verifier.verify(keyOf(), PETSTORE, REQUEST)).scheme).toBe('api-key');
    });

    it('refuses every API key with "API key authentication failed.." when neither certificate is set', () => {
      const verifier = new JwtApiKeyVerifier(settingsIn(tempDir()), clockOf());
      expect(failureOf(verifier.verify(keyOf(), PETSTORE, REQUEST))).toEqual(API_KEY_FAILED);
    });

    it('fails the start naming the setting when the certificate is missing or not PEM', () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
      const missing = settingsIn(dir, (security) => (security.apiKey.certificateFile = 'absent.pem'));
      expect(() => new JwtApiKeyVerifier(missing, clockOf())).toThrow(StartupError);
      expect(() => new JwtApiKeyVerifier(missing, clockOf())).toThrow(/^security\.apiKey\.certificateFile: cannot read .*absent\.pem/);
      const garbage = settingsIn(dir, (security) => (security.apiKey.certificateFile = 'garbage.pem'));
      expect(() => new JwtApiKeyVerifier(garbage, clockOf())).toThrow(/^security\.apiKey\.certificateFile: .*garbage\.pem is not a PEM certificate or public key/);
    });
  });
});
