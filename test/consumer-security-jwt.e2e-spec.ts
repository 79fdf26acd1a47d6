import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_ERRORS, WWW_AUTHENTICATE_VALUE } from '#core';
import {
  accessTokenClaims,
  type CallResult,
  generateTestKeyPair,
  type JwksServer,
  signJwt,
  startBackend,
  startJwksServer,
  startTestGateway,
  tamperPayload,
  tamperSignature,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
} from '#testing';
import { deployDefinition, policyFieldOrder, refusal, securedDefinition, seen } from './support/secured-api.js';

/**
 * OAuth2 access tokens through a real gateway (spec §11.2, §11.7, §16.1): every refusal row a
 * bearer token can hit, with the exact body and WWW-Authenticate a caller sees; a custom auth
 * header; and issuers that only publish a JWKS, whose keys rotate and whose server fails or hangs.
 */

const ISSUER = 'https://km.test/oauth2/token';
const SUBSCRIBING_ISSUER = 'https://subscribing-km.test/oauth2/token';
const JWKS_ISSUER = 'https://jwks-km.test/oauth2/token';
/** Short, so that a hanging JWKS fetch gives up within the test: the verification then ends for a client already gone. */
const JWKS_TIMEOUT_MS = 300;

interface Echoed {
  readonly url: string;
  readonly headers: Record<string, string | undefined>;
}

describe('consumer security: OAuth2 access tokens (spec §11.2, §16.1)', () => {
  let dir: string;
  let key: TestKeyPair;
  let jwksKey1: TestKeyPair;
  let jwksKey2: TestKeyPair;
  let jwks: JwksServer;
  let backend: TestBackend;
  let gw: TestGateway;

  const claims = (extra: Record<string, unknown> = {}, issuer = ISSUER): Record<string, unknown> => accessTokenClaims({ issuer, extra });
  const token = (extra: Record<string, unknown> = {}): string => signJwt(claims(extra), { key });
  const get = (path: string, headers: Record<string, string> = {}): Promise<CallResult> => gw.request(path, { headers });
  const bearer = (jwt: string): Record<string, string> => ({ authorization: `Bearer ${jwt}` });
  const pets = (headers: Record<string, string> = {}): Promise<CallResult> => get('/shop/pets', headers);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-consumer-jwt-'));
    key = generateTestKeyPair('RSA');
    jwksKey1 = generateTestKeyPair('RSA');
    jwksKey2 = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    jwks = await startJwksServer([jwksKey1]);
    backend = await startBackend();
    gw = await startTestGateway({
      settings: {
        security: {
          issuers: [
            { name: 'Test KM', issuer: ISSUER, certificateFile },
            { name: 'Subscribing KM', issuer: SUBSCRIBING_ISSUER, certificateFile, validateSubscription: true },
            { name: 'JWKS KM', issuer: JWKS_ISSUER, jwksUrl: jwks.url },
          ],
          jwks: { minRefetchIntervalMs: 0, timeoutMs: JWKS_TIMEOUT_MS },
        },
      },
    });
    await deployDefinition(
      gw,
      securedDefinition({
        title: 'Shop',
        basePath: '/shop',
        backendUrl: backend.url,
        paths: { '/pets': { get: {} }, '/pets/{id}': { get: { security: [{ default: ['write:pets'] }] } } },
      }),
    );
    await deployDefinition(gw, securedDefinition({ title: 'Custom', basePath: '/custom', backendUrl: backend.url, extra: { 'x-wso2-auth-header': 'x-custom-auth' } }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    await jwks?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('refusals of §16.1', () => {
    it('no Authorization header → 401 missing credentials, fields in the order of §16.1', async () => {
      const res = await pets();
      expect(seen(res)).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
      expect(policyFieldOrder(res)).toEqual(['error_message', 'code', 'error_description']);
    });

    it('Authorization: Basic x (wrong scheme word) → 401 missing credentials', async () => {
      expect(seen(await pets({ authorization: 'Basic x' }))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
    });

    it('Authorization: Bearer Bearer x → 401 missing credentials', async () => {
      expect(seen(await pets({ authorization: 'Bearer Bearer x' }))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
    });

    it('Bearer aaa.bbb.ccc → 401 Not a JWT token', async () => {
      expect(seen(await pets(bearer('aaa.bbb.ccc')))).toEqual(refusal(REQUEST_ERRORS.notAJwt));
    });

    it('a bad signature → 401 Invalid Credentials', async () => {
      expect(seen(await pets(bearer(tamperSignature(token()))))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
    });

    it('an issuer the gateway does not trust → 401 Invalid Credentials', async () => {
      expect(seen(await pets(bearer(signJwt(claims({}, 'https://other.test/token'), { key }))))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
    });

    it('an expired token (past the 5 s skew) → 401 Invalid Credentials', async () => {
      const expired = signJwt(accessTokenClaims({ issuer: ISSUER, expiresInSeconds: -60 }), { key });
      expect(seen(await pets(bearer(expired)))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
      const withinSkew = signJwt(accessTokenClaims({ issuer: ISSUER, expiresInSeconds: -2 }), { key });
      expect((await pets(bearer(withinSkew))).status).toBe(200);
    });

    it('a token without exp → 401 Invalid Credentials (Portico; Choreo Connect answered 500)', async () => {
      const endless = signJwt(accessTokenClaims({ issuer: ISSUER, expiresInSeconds: null }), { key });
      expect(seen(await pets(bearer(endless)))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
    });

    it('alg: none → 401 Invalid Credentials', async () => {
      const unsigned = signJwt(claims(), { algorithm: 'none', kid: null });
      expect(seen(await pets(bearer(unsigned)))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
    });

    it('HS256 signed with the issuer public key PEM as secret, no kid → 401 900900 Unclassified Authentication Failure', async () => {
      const forged = signJwt(claims(), { algorithm: 'HS256', secret: key.publicKeyPem, kid: null });
      expect(seen(await pets(bearer(forged)))).toEqual(refusal(REQUEST_ERRORS.unclassifiedAuthentication));
      // With the issuer key's kid the spec names no row; whatever the code, it is a 401 with WWW-Authenticate.
      const forgedWithKid = signJwt(claims(), { algorithm: 'HS256', secret: key.publicKeyPem, kid: key.kid });
      const res = await pets(bearer(forgedWithKid));
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, WWW_AUTHENTICATE_VALUE]);
    });

    it('a tampered token after the valid one was accepted (and cached) → 401 Invalid Credentials', async () => {
      const valid = token({ jti: 'cached-then-tampered' });
      expect((await pets(bearer(valid))).status).toBe(200);
      expect(seen(await pets(bearer(tamperPayload(valid, { scope: 'write:pets', sub: 'mallory' }))))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
      expect(seen(await pets(bearer(tamperSignature(valid))))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
      expect((await pets(bearer(valid))).status).toBe(200);
    });

    it('a token without the required scope → 403 900910 naming the resource path', async () => {
      expect(seen(await get('/shop/pets/7', bearer(token({ scope: 'read:pets' }))))).toEqual(
        refusal(REQUEST_ERRORS.scopeMissing, 'User is NOT authorized to access the Resource: /pets/{id}. Scope validation failed.'),
      );
      expect((await get('/shop/pets/7', bearer(token({ scope: 'read:pets write:pets' })))).status).toBe(200);
    });

    it('validateSubscription: no subscribedAPIs claim → 403 900908 "API Subscription validation failed"', async () => {
      const unsubscribed = signJwt(claims({}, SUBSCRIBING_ISSUER), { key });
      expect(seen(await pets(bearer(unsubscribed)))).toEqual(refusal(REQUEST_ERRORS.subscriptionValidationFailed));
    });

    it('validateSubscription: no entry for this API and version → 403 900908 "Resource forbidden "', async () => {
      const others = signJwt(claims({ subscribedAPIs: [{ name: 'Other', version: '1.0.0' }, { name: 'Shop', version: '2.0.0' }] }, SUBSCRIBING_ISSUER), { key });
      expect(seen(await pets(bearer(others)))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
      const subscribed = signJwt(claims({ subscribedAPIs: [{ name: 'Shop', version: '1.0.0', context: '/elsewhere' }] }, SUBSCRIBING_ISSUER), { key });
      expect((await pets(bearer(subscribed))).status).toBe(200);
    });

    it('a kid the JWKS issuer does not publish, even after refetching → 401 900900', async () => {
      const stranger = generateTestKeyPair('RSA');
      const before = jwks.requestCount;
      expect(seen(await pets(bearer(signJwt(claims({}, JWKS_ISSUER), { key: stranger }))))).toEqual(refusal(REQUEST_ERRORS.unclassifiedAuthentication));
      expect(jwks.requestCount).toBeGreaterThan(before);
    });
  });

  it('a valid token reaches the backend without its Authorization header', async () => {
    const res = await pets(bearer(token()));
    expect([res.status, res.json<Echoed>().headers.authorization]).toEqual([200, undefined]);
  });

  it('x-wso2-auth-header: the token is read from that header (and not forwarded); in Authorization it is ignored', async () => {
    const jwt = token();
    const res = await get('/custom/pets', { 'x-custom-auth': `Bearer ${jwt}` });
    expect([res.status, res.json<Echoed>().headers['x-custom-auth']]).toEqual([200, undefined]);
    expect(seen(await get('/custom/pets', bearer(jwt)))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
  });

  describe('an issuer with only a jwksUrl', () => {
    const jwksToken = (signer: TestKeyPair, sub: string): string => signJwt(accessTokenClaims({ issuer: JWKS_ISSUER, subject: sub }), { key: signer });

    it('accepts key 1, then key 2 after a rotation, then keeps the last good keys while the JWKS fails', async () => {
      expect((await pets(bearer(jwksToken(jwksKey1, 'one')))).status).toBe(200);

      jwks.setKeys([jwksKey2]);
      expect((await pets(bearer(jwksToken(jwksKey2, 'two')))).status).toBe(200);

      jwks.setMode('error');
      const failedFetches = jwks.requestCount;
      // An unknown kid makes the gateway fetch again; that fetch fails, and must not cost the keys it has.
      expect(seen(await pets(bearer(jwksToken(generateTestKeyPair('RSA'), 'three'))))).toEqual(refusal(REQUEST_ERRORS.unclassifiedAuthentication));
      expect(jwks.requestCount).toBeGreaterThan(failedFetches);
      expect((await pets(bearer(jwksToken(jwksKey2, 'four')))).status).toBe(200);
      jwks.setMode('ok');
    });

    it('survives a client that hangs up while its token waits for a JWKS fetch, and serves the next request', async () => {
      jwks.setKeys([jwksKey2]);
      jwks.setMode('hang');
      const before = jwks.requestCount;
      const abandoned = request({ host: '127.0.0.1', port: gw.running.ports.http, path: '/shop/pets', agent: false, headers: { host: 'localhost', ...bearer(jwksToken(generateTestKeyPair('RSA'), 'gone')) } });
      const closed = new Promise<void>((resolve) => abandoned.on('close', () => resolve()));
      abandoned.on('error', () => undefined);
      abandoned.end();
      await jwks.waitForRequests(before + 1);
      abandoned.destroy();
      await closed;
      const during = await pets(bearer(jwksToken(jwksKey2, 'during')));
      expect(during.status).toBe(200);

      // Let the hanging fetch time out: the abandoned request's verification then ends with nobody to answer.
      await new Promise((resolve) => setTimeout(resolve, JWKS_TIMEOUT_MS + 200));
      const next = await pets(bearer(jwksToken(jwksKey2, 'next')));
      expect([next.status, next.json<Echoed>().url]).toEqual([200, '/pets']);
      jwks.setMode('ok');
      expect((await pets(bearer(token()))).status).toBe(200);
    });
  });
});
