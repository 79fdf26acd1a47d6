// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, signJwt, tamperSignature, writeCertificatePem } from '../../../testing/src/token-kit.js';
import { clockOf, failureOf, FORBIDDEN, INVALID, internalKeyClaims, MISSING, PETSTORE, principalOf, settingsIn, tempDir } from '../api-key/key-test-kit.spec-support.js';
import { JwtInternalKeyVerifier } from './jwt-internal-key-verifier.js';

const publisher = generateTestKeyPair('RSA', 'publisher');
const stranger = generateTestKeyPair('RSA', 'stranger');

async function verifierWith(now?: () => number): Promise<JwtInternalKeyVerifier> {
  const dir = tempDir();
  const certificate = await writeCertificatePem(publisher, dir);
  return new JwtInternalKeyVerifier(
    settingsIn(dir, (security) => (security.internalKey.certificateFile = certificate)),
    clockOf(now),
  );
}

const keyOf = (extra: Record<string, unknown> = {}): string => signJwt(internalKeyClaims(extra), { key: publisher });

describe('JwtInternalKeyVerifier (spec §11.4)', () => {
  it('accepts a valid internal key: principal with scheme internal-key, key type, subject, the key, no scopes', async () => {
    const verifier = await verifierWith();
    expect(verifier.enabled).toBe(true);
    const key = keyOf({ keytype: 'sandbox' });
    const principal = principalOf(verifier.verify(key, PETSTORE));
    expect(principal).toMatchObject({ scheme: 'internal-key', keyType: 'SANDBOX', subject: 'admin@carbon.super', scopes: [], credential: key });
    expect(principal.claims).toMatchObject({ token_type: 'InternalKey' });
    expect(principalOf(verifier.verify(keyOf({ keytype: undefined }), PETSTORE)).keyType).toBe('PRODUCTION');
  });

  it('answers another token_type with the generic missing-credentials body', async () => {
    const verifier = await verifierWith();
    expect(failureOf(verifier.verify(keyOf({ token_type: 'apiKey' }), PETSTORE))).toEqual(MISSING);
    expect(failureOf(verifier.verify(keyOf({ token_type: undefined }), PETSTORE))).toEqual(MISSING);
  });

  it('answers 403 900908 without a subscribedAPIs entry of the base path (context) and version', async () => {
    const verifier = await verifierWith();
    const key = keyOf();
    expect(failureOf(verifier.verify(key, { ...PETSTORE, basePath: '/v3/1.0.5' }))).toEqual(FORBIDDEN);
    expect(failureOf(verifier.verify(key, { ...PETSTORE, version: '1.0.6' }))).toEqual(FORBIDDEN);
    expect(failureOf(verifier.verify(keyOf({ subscribedAPIs: undefined }), PETSTORE))).toEqual(FORBIDDEN);
    // The name is not compared for internal keys: the context identifies the API.
    expect(principalOf(verifier.verify(key, { ...PETSTORE, name: 'Renamed' })).scheme).toBe('internal-key');
  });

  it('refuses an expired key with "Invalid Credentials"', async () => {
    const verifier = await verifierWith();
    expect(failureOf(verifier.verify(keyOf({ exp: Math.floor(Date.now() / 1000) - 60 }), PETSTORE))).toEqual(INVALID);
  });

  it('refuses a bad signature, another signer and an undecodable key with "Invalid Credentials"', async () => {
    const verifier = await verifierWith();
    expect(failureOf(verifier.verify(tamperSignature(keyOf()), PETSTORE))).toEqual(INVALID);
    expect(failureOf(verifier.verify(signJwt(internalKeyClaims(), { key: stranger }), PETSTORE))).toEqual(INVALID);
    expect(failureOf(verifier.verify('aaa.bbb.ccc', PETSTORE))).toEqual(INVALID);
  });

  it('refuses a tampered key after the genuine one was accepted (and cached)', async () => {
    const verifier = await verifierWith();
    const key = keyOf();
    principalOf(verifier.verify(key, PETSTORE));
    expect(failureOf(verifier.verify(tamperSignature(key), PETSTORE))).toEqual(INVALID);
    expect(principalOf(verifier.verify(key, PETSTORE)).scheme).toBe('internal-key');
  });

  it('stops answering a cached key once it expires (injected clock)', async () => {
    let now = Date.now();
    const verifier = await verifierWith(() => now);
    const key = keyOf({ exp: Math.floor(now / 1000) + 10 });
    principalOf(verifier.verify(key, PETSTORE));
    now += 20_000;
    expect(failureOf(verifier.verify(key, PETSTORE))).toEqual(INVALID);
  });

  it('is disabled without security.internalKey.certificateFile, and then accepts no key', () => {
    const verifier = new JwtInternalKeyVerifier(settingsIn(tempDir()), clockOf());
    expect(verifier.enabled).toBe(false);
    expect(failureOf(verifier.verify(keyOf(), PETSTORE))).toEqual(MISSING);
  });
});
