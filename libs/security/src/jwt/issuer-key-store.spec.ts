import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { REQUEST_ERRORS, StartupError } from '#core';
import { GatewaySettings } from '#settings';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { startJwksServer } from '../../../testing/src/jwks-server.js';
// eslint-disable-next-line no-restricted-imports
import { accessTokenClaims, generateTestKeyPair, signJwt, type TestKeyPair, writeCertificatePem, writePublicKeyPem } from '../../../testing/src/token-kit.js';
import { AccessTokenVerifier } from '../credential-verifiers.js';
import { IssuerKeyStore, JWT_PROVIDERS, JwtAccessTokenVerifier } from './index.js';
import { gatewaySettings, ManualClock, PETSTORE, principalOf, refusalOf, startVerifier, tempDir, view } from './jwt-verifier.spec-support.js';

const ISSUER = 'https://localhost:9443/oauth2/token';

describe('trusted issuers at start', () => {
  const dir = tempDir();
  let key: TestKeyPair;
  let other: TestKeyPair;

  beforeAll(async () => {
    key = generateTestKeyPair('RSA', 'a');
    other = generateTestKeyPair('RSA', 'b');
    await writeCertificatePem(key, dir.path, 'key.crt');
    await writeCertificatePem(other, dir.path, 'other.crt');
    writePublicKeyPem(key, dir.path, 'key.pub');
    writeFileSync(join(dir.path, 'notes.txt'), 'not a certificate\n');
    writeFileSync(join(dir.path, 'private.pem'), key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir.path, 'ed25519.pub'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
  });
  afterAll(() => dir.remove());

  const storeFor = (issuers: Parameters<typeof gatewaySettings>[1]['issuers']) => () => new IssuerKeyStore(gatewaySettings(dir.path, { issuers }), new ManualClock());
  let serial = 0;
  /** A new token each call (its own jti): a refusal is cached by token for failureTtlMs. */
  const tokenOf = (signer: TestKeyPair, issuer = ISSUER) => signJwt(accessTokenClaims({ issuer, extra: { jti: `s-${serial++}` } }), { key: signer });

  describe('refuse to start, naming the setting', () => {
    it('an issuer with neither certificateFile nor jwksUrl', () => {
      expect(storeFor([{ name: 'KM', issuer: ISSUER }])).toThrow(
        new StartupError('security.issuers[0]: set certificateFile or jwksUrl (or both) for issuer "KM": without them its tokens cannot be verified', 78),
      );
    });

    it('a certificate file that cannot be read', () => {
      expect(storeFor([{ issuer: ISSUER, certificateFile: 'key.crt' }, { issuer: 'x', certificateFile: '/nonexistent/km.pem' }])).toThrow(
        'security.issuers[1].certificateFile: cannot read /nonexistent/km.pem: ENOENT',
      );
    });

    it('a file that is no PEM certificate or public key, or a private key', () => {
      expect(storeFor([{ issuer: ISSUER, certificateFile: 'notes.txt' }])).toThrow(
        `security.issuers[0].certificateFile: ${join(dir.path, 'notes.txt')} is not a PEM certificate or public key (no PEM certificate or public key found)`,
      );
      expect(storeFor([{ issuer: ISSUER, certificateFile: 'private.pem' }])).toThrow(
        `security.issuers[0].certificateFile: ${join(dir.path, 'private.pem')} is not a PEM certificate or public key (a private key was given where a certificate or public key belongs)`,
      );
    });

    it('a key that cannot verify RS/PS/ES signatures', () => {
      expect(storeFor([{ issuer: ISSUER, certificateFile: 'ed25519.pub' }])).toThrow(
        `security.issuers[0].certificateFile: ${join(dir.path, 'ed25519.pub')} holds a ed25519 key; tokens are verified with RSA or EC keys`,
      );
    });

    it('two issuers with the same issuer value', () => {
      expect(storeFor([{ name: 'A', issuer: ISSUER, certificateFile: 'key.crt' }, { name: 'B', issuer: ISSUER, certificateFile: 'other.crt' }])).toThrow(
        `security.issuers[1].issuer: "${ISSUER}" is already the issuer of "A"; each issuer may be trusted once`,
      );
    });
  });

  it('a public-key PEM file, and a certificate path relative to the config directory, both verify', async () => {
    for (const certificateFile of ['key.pub', join(dir.path, 'key.crt'), 'key.crt']) {
      const gateway = await startVerifier(gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, certificateFile }] }));
      expect(principalOf(await gateway.verifier.verify(tokenOf(key), PETSTORE)).issuer).toBe('Issuer 0');
      gateway.close();
    }
  });

  it('a certificate of an EC P-256 key verifies ES256 tokens', async () => {
    const ecKey = generateTestKeyPair('P-256');
    await writeCertificatePem(ecKey, dir.path, 'ec.crt');
    const gateway = await startVerifier(gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, certificateFile: 'ec.crt' }] }));
    expect(principalOf(await gateway.verifier.verify(tokenOf(ecKey), PETSTORE)).issuer).toBe('Issuer 0');
    expect(refusalOf(await gateway.verifier.verify(tokenOf(key), PETSTORE))).toEqual(view(REQUEST_ERRORS.invalidCredentials));
    gateway.close();
  });

  it('two verifiers with different settings share no keys and no cache', async () => {
    const trustsKey = await startVerifier(gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, certificateFile: 'key.crt' }] }));
    const trustsOther = await startVerifier(gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, certificateFile: 'other.crt' }] }));
    const token = tokenOf(key);
    expect(principalOf(await trustsKey.verifier.verify(token, PETSTORE)).issuer).toBe('Issuer 0');
    expect(refusalOf(await trustsOther.verifier.verify(token, PETSTORE))).toEqual(view(REQUEST_ERRORS.invalidCredentials));
    expect(principalOf(await trustsOther.verifier.verify(tokenOf(other), PETSTORE)).issuer).toBe('Issuer 0');
    expect(refusalOf(await trustsKey.verifier.verify(tokenOf(other), PETSTORE))).toEqual(view(REQUEST_ERRORS.invalidCredentials));
    trustsKey.close();
    trustsOther.close();
  });

  it('trustIssuer adds an issuer from code (the /testkey issuer) and refuses a second one with the same iss', async () => {
    const gateway = await startVerifier(gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, certificateFile: 'key.crt' }] }));
    const testKeyIssuer = 'https://localhost:9095/testkey';
    expect(refusalOf(await gateway.verifier.verify(tokenOf(other, testKeyIssuer), PETSTORE)).code).toBe('900901');
    gateway.store.trustIssuer({ name: 'Portico test key', issuer: testKeyIssuer, publicKey: other.publicKeyPem, settingKey: 'security.testKey.issuer' });
    const principal = principalOf(await gateway.verifier.verify(tokenOf(other, testKeyIssuer), PETSTORE));
    expect(principal).toMatchObject({ issuer: 'Portico test key', keyType: 'PRODUCTION' });
    expect(() => gateway.store.trustIssuer({ name: 'again', issuer: ISSUER, publicKey: other.publicKey, settingKey: 'security.testKey.issuer' })).toThrow(
      `security.testKey.issuer: "${ISSUER}" is already the issuer of "Issuer 0"; each issuer may be trusted once`,
    );
    expect(() => gateway.store.trustIssuer({ name: 'bad', issuer: 'https://other', publicKey: 'not a key', settingKey: 'security.testKey.keyFile' })).toThrow(
      'security.testKey.keyFile: the public key is not a PEM certificate or public key (no PEM certificate or public key found)',
    );
    gateway.close();
  });

  it('JWT_PROVIDERS: Nest builds the verifier under AccessTokenVerifier, fetches the JWKS at init and stops at close', async () => {
    const jwks = await startJwksServer([key]);
    const settings = gatewaySettings(dir.path, { issuers: [{ issuer: ISSUER, jwksUrl: jwks.url }] });
    const moduleRef = await Test.createTestingModule({ providers: [{ provide: GatewaySettings, useValue: settings }, ...JWT_PROVIDERS] }).compile();
    await moduleRef.init();
    const verifier = moduleRef.get(AccessTokenVerifier);
    expect(verifier).toBeInstanceOf(JwtAccessTokenVerifier);
    expect(jwks.requestCount).toBe(1);
    expect(principalOf(await verifier.verify(tokenOf(key), PETSTORE)).issuer).toBe('Issuer 0');
    expect(moduleRef.get(IssuerKeyStore).issuerOf(ISSUER)?.profile.name).toBe('Issuer 0');
    await moduleRef.close();
    await jwks.close();
  });
});
