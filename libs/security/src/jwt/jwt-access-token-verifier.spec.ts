import { REQUEST_ERRORS } from '#core';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { type JwksServer, startJwksServer } from '../../../testing/src/jwks-server.js';
// eslint-disable-next-line no-restricted-imports
import { accessTokenClaims, generateTestKeyPair, signJwt, tamperPayload, tamperSignature, type TestKeyPair, writeCertificatePem } from '../../../testing/src/token-kit.js';
import { gatewaySettings, PETSTORE, principalOf, refusalOf, startVerifier, tempDir, type VerifierUnderTest, view } from './jwt-verifier.spec-support.js';

const KEY_MANAGER = 'https://localhost:9443/oauth2/token';
const JWKS_ISSUER = 'https://idp.example.com/oauth2/token';
const SUBSCRIBING = 'https://apim.example.com/oauth2/token';

describe('JwtAccessTokenVerifier (spec §11.2, §16.1)', () => {
  const dir = tempDir();
  let certificateKey: TestKeyPair;
  let rsaJwk: TestKeyPair;
  let ecJwk: TestKeyPair;
  let p384Key: TestKeyPair;
  let stranger: TestKeyPair;
  let jwks: JwksServer;
  let gateway: VerifierUnderTest;

  beforeAll(async () => {
    certificateKey = generateTestKeyPair('RSA', 'km-cert');
    rsaJwk = generateTestKeyPair('RSA', 'rsa-1');
    ecJwk = generateTestKeyPair('P-256', 'ec-1');
    p384Key = generateTestKeyPair('P-384', 'p384');
    stranger = generateTestKeyPair('RSA', 'km-cert');
    jwks = await startJwksServer([rsaJwk, ecJwk, { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' }]);
    await writeCertificatePem(certificateKey, dir.path, 'km.pem');
    await writeCertificatePem(p384Key, dir.path, 'apim.pem');
    const settings = gatewaySettings(dir.path, {
      issuers: [
        { name: 'Resident Key Manager', issuer: KEY_MANAGER, certificateFile: 'km.pem', claimMappings: [{ remoteClaim: 'sub', localClaim: 'CUSTOM-CLAIM' }] },
        { name: 'External IdP', issuer: JWKS_ISSUER, jwksUrl: jwks.url, consumerKeyClaim: 'client_id' },
        { name: 'APIM', issuer: SUBSCRIBING, certificateFile: 'apim.pem', validateSubscription: true },
      ],
      clockSkewSeconds: 5,
    });
    gateway = await startVerifier(settings);
  });

  afterAll(async () => {
    gateway.close();
    await jwks.close();
    dir.remove();
  });

  const claims = (issuer: string, extra: Record<string, unknown> = {}, expiresInSeconds: number | null = 3600) =>
    accessTokenClaims({ issuer, nowSeconds: gateway.clock.seconds, expiresInSeconds, extra });
  const verify = (token: string, api = PETSTORE) => gateway.verifier.verify(token, api);
  const invalid = view(REQUEST_ERRORS.invalidCredentials);
  const unclassified = view(REQUEST_ERRORS.unclassifiedAuthentication);

  describe('accepted tokens', () => {
    it('RS256 signed by the certificate: principal with scopes from a string, consumer key and mapped claims', async () => {
      const token = signJwt(claims(KEY_MANAGER, { scope: 'read:pets write:pets', azp: 'app-1' }), { key: certificateKey, kid: null });
      const principal = principalOf(await verify(token));
      expect(principal).toMatchObject({
        scheme: 'jwt',
        keyType: 'PRODUCTION',
        issuer: 'Resident Key Manager',
        subject: 'alice@carbon.super',
        consumerKey: 'app-1',
        scopes: ['read:pets', 'write:pets'],
        credential: token,
      });
      expect(principal.claims['CUSTOM-CLAIM']).toBe('alice@carbon.super');
      expect(principal.claims).not.toHaveProperty('sub');
    });

    it('a kid at an issuer without JWKS is verified with its certificate', async () => {
      const token = signJwt(claims(KEY_MANAGER), { key: certificateKey, kid: 'anything' });
      expect(principalOf(await verify(token)).issuer).toBe('Resident Key Manager');
    });

    it('PS256 from the JWKS: scopes from an array, key type upper-cased, consumer key from the issuer claim', async () => {
      const token = signJwt(claims(JWKS_ISSUER, { scope: ['read:pets', 'admin'], keytype: 'sandbox', client_id: 'ext-app' }), { key: rsaJwk, algorithm: 'PS256' });
      expect(principalOf(await verify(token))).toMatchObject({ keyType: 'SANDBOX', scopes: ['read:pets', 'admin'], consumerKey: 'ext-app', issuer: 'External IdP' });
    });

    it('ES256 from the JWKS, scopes from scp', async () => {
      const token = signJwt(claims(JWKS_ISSUER, { scope: undefined, scp: ['read:pets'] }), { key: ecJwk });
      expect(principalOf(await verify(token)).scopes).toEqual(['read:pets']);
    });

    it('RS384 and RS512 from the JWKS', async () => {
      for (const algorithm of ['RS384', 'RS512'] as const) {
        expect(principalOf(await verify(signJwt(claims(JWKS_ISSUER), { key: rsaJwk, algorithm }))).issuer).toBe('External IdP');
      }
    });

    it('an expired token within the clock skew is accepted; nbf within the skew too', async () => {
      const now = gateway.clock.seconds;
      expect(principalOf(await verify(signJwt({ ...claims(KEY_MANAGER), exp: now - 3 }, { key: certificateKey })))).toBeDefined();
      expect(principalOf(await verify(signJwt({ ...claims(KEY_MANAGER), nbf: now + 3 }, { key: certificateKey })))).toBeDefined();
    });

    it('an unknown keytype is passed on upper-cased (the key-type check refuses it)', async () => {
      const token = signJwt(claims(KEY_MANAGER, { keytype: 'staging' }), { key: certificateKey });
      expect(principalOf(await verify(token)).keyType).toBe('STAGING');
    });
  });

  describe('refused tokens, with the exact §16.1 body', () => {
    it.each([['aaa.bbb.ccc'], ['not-a-jwt'], ['a.b'], ['e30.e30.x.y'], [`${Buffer.from('{"alg":"RS256"}').toString('base64url')}.WyJhcnJheSJd.sig`], ['']])(
      '%j is not a JWT',
      async (token) => {
        expect(refusalOf(await verify(token))).toEqual(view(REQUEST_ERRORS.notAJwt));
        expect(refusalOf(await verify(token)).description).toBe(
          'Not a JWT token. Failed to decode the token header. Make sure you have provided the correct security credentials',
        );
      },
    );

    it('an issuer that is not configured, or no iss', async () => {
      expect(refusalOf(await verify(signJwt(claims('https://evil.example/token'), { key: certificateKey })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt({ ...claims(KEY_MANAGER), iss: undefined }, { key: certificateKey })))).toEqual(invalid);
      expect(invalid.description).toBe('Invalid Credentials. Make sure you have provided the correct security credentials');
    });

    it('a bad signature, a changed payload, another key with the same kid', async () => {
      const token = signJwt(claims(KEY_MANAGER), { key: certificateKey });
      expect(refusalOf(await verify(tamperSignature(token)))).toEqual(invalid);
      expect(refusalOf(await verify(tamperPayload(token, { scope: 'admin' })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt(claims(KEY_MANAGER), { key: stranger })))).toEqual(invalid);
    });

    it('expired beyond the skew, nbf in the future beyond the skew, no exp', async () => {
      const now = gateway.clock.seconds;
      expect(refusalOf(await verify(signJwt({ ...claims(KEY_MANAGER), exp: now - 6 }, { key: certificateKey })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt({ ...claims(KEY_MANAGER), nbf: now + 60 }, { key: certificateKey })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt(claims(KEY_MANAGER, {}, null), { key: certificateKey })))).toEqual(invalid);
    });

    it('alg none, at a certificate issuer and at a JWKS issuer', async () => {
      expect(refusalOf(await verify(signJwt(claims(KEY_MANAGER), { algorithm: 'none' })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt(claims(JWKS_ISSUER), { algorithm: 'none', kid: rsaJwk.kid })))).toEqual(invalid);
    });

    it('HS256 signed with the public key PEM as the secret → 900900', async () => {
      const forged = signJwt(claims(KEY_MANAGER), { algorithm: 'HS256', secret: certificateKey.publicKeyPem });
      expect(refusalOf(await verify(forged))).toEqual(unclassified);
      const withKid = signJwt(claims(JWKS_ISSUER), { algorithm: 'HS256', secret: rsaJwk.publicKeyPem, kid: rsaJwk.kid });
      expect(refusalOf(await verify(withKid))).toEqual(unclassified);
    });

    it('a kid the JWKS does not hold, no kid at a JWKS-only issuer, a kid naming a symmetric JWK → 900900', async () => {
      expect(refusalOf(await verify(signJwt(claims(JWKS_ISSUER), { key: rsaJwk, kid: 'unknown-kid' })))).toEqual(unclassified);
      expect(refusalOf(await verify(signJwt(claims(JWKS_ISSUER), { key: rsaJwk, kid: null })))).toEqual(unclassified);
      expect(refusalOf(await verify(signJwt(claims(JWKS_ISSUER), { key: rsaJwk, kid: 'hmac' })))).toEqual(unclassified);
      expect(unclassified).toEqual({ status: 401, code: '900900', message: 'Unclassified Authentication Failure', description: 'Unclassified Authentication Failure' });
    });

    it('an algorithm that does not fit the key: RS256 naming an EC JWK, RS256 at an issuer whose certificate holds an EC key', async () => {
      expect(refusalOf(await verify(signJwt(claims(JWKS_ISSUER), { key: rsaJwk, kid: ecJwk.kid })))).toEqual(invalid);
      expect(refusalOf(await verify(signJwt(claims(SUBSCRIBING), { key: certificateKey, kid: null })))).toEqual(invalid);
    });
  });

  describe('subscription (issuer with validateSubscription)', () => {
    const subscribed = (entries: unknown) => signJwt(claims(SUBSCRIBING, entries === undefined ? {} : { subscribedAPIs: entries }), { key: p384Key });

    it('an entry with the API name and version is enough; the context is not compared', async () => {
      const token = subscribed([{ name: 'SwaggerPetstore', version: '1.0.5', context: '/elsewhere' }]);
      expect(principalOf(await verify(token)).issuer).toBe('APIM');
    });

    it('the claim without a matching entry → 403 Resource forbidden', async () => {
      const token = subscribed([{ name: 'SwaggerPetstore', version: '2.0.0' }, { name: 'Other', version: '1.0.5' }]);
      expect(refusalOf(await verify(token))).toEqual({ status: 403, code: '900908', message: 'Resource forbidden ', description: 'Resource forbidden ' });
    });

    it('no subscribedAPIs claim → 403 API Subscription validation failed', async () => {
      expect(refusalOf(await verify(subscribed(undefined)))).toEqual({
        status: 403,
        code: '900908',
        message: 'Resource forbidden ',
        description: 'User is NOT authorized to access the Resource. API Subscription validation failed.',
      });
    });

    it('a cached token is checked against each API it is presented to', async () => {
      const token = subscribed([{ name: 'SwaggerPetstore', version: '1.0.5' }]);
      expect(principalOf(await verify(token)).issuer).toBe('APIM');
      expect(refusalOf(await verify(token, { name: 'Pizza', version: '1.0.5', basePath: '/pizza' })).code).toBe('900908');
      expect(principalOf(await verify(token)).issuer).toBe('APIM');
    });

    it('issuers without validateSubscription do not look at the claim', async () => {
      const token = signJwt(claims(KEY_MANAGER, { subscribedAPIs: [] }), { key: certificateKey });
      expect(principalOf(await verify(token)).issuer).toBe('Resident Key Manager');
    });
  });
});
