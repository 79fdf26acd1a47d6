import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_ERRORS } from '#core';
import {
  type CallResult,
  generateTestKeyPair,
  signJwt,
  startBackend,
  startTestGateway,
  tamperSignature,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
} from '#testing';
import { deployDefinition, deployProject, refusal, securedDefinition, seen } from './support/secured-api.js';

/**
 * API keys, internal keys and calls that need no credential, through a real gateway (spec
 * §10.6, §11.3, §11.4, §11.6, §16.1): what the caller gets back and what the backend receives.
 * The test client is 127.0.0.1 and no proxy is trusted, so that is the address `permittedIP` sees.
 */

const ISSUER = 'https://km.test/oauth2/token';

interface Echoed {
  readonly url: string;
  readonly headers: Record<string, string | undefined>;
}

describe('consumer security: API keys, internal keys, open and prototyped APIs (spec §11.3–§11.6)', () => {
  let dir: string;
  let apiKeySigner: TestKeyPair;
  let publisher: TestKeyPair;
  let backend: TestBackend;
  let gw: TestGateway;

  const get = (path: string, headers: Record<string, string> = {}): Promise<CallResult> => gw.request(path, { headers });
  const apiKey = (claims: Record<string, unknown> = {}, signer: TestKeyPair = apiKeySigner): string =>
    signJwt(
      {
        sub: 'alice@carbon.super',
        application: { id: 1, uuid: 'app-1', name: 'DefaultApplication', tier: 'Unlimited', owner: 'alice' },
        keytype: 'PRODUCTION',
        token_type: 'apiKey',
        iat: Math.floor(Date.now() / 1000),
        jti: `key-${Math.random()}`,
        subscribedAPIs: [{ name: 'Keyed', version: '1.0.0', context: '/keyed/1.0.0', publisher: 'admin', subscriptionTier: 'Unlimited' }],
        ...claims,
      },
      { key: signer },
    );
  const internalKey = (context: string): string =>
    signJwt(
      { sub: 'admin', token_type: 'InternalKey', keytype: 'PRODUCTION', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, subscribedAPIs: [{ context, version: '1.0.0', name: 'Inside' }] },
      { key: publisher },
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-consumer-keys-'));
    const oauth = generateTestKeyPair('RSA');
    apiKeySigner = generateTestKeyPair('RSA');
    publisher = generateTestKeyPair('RSA');
    backend = await startBackend();
    gw = await startTestGateway({
      settings: {
        security: {
          issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile: await writeCertificatePem(oauth, dir) }],
          apiKey: { certificateFile: await writeCertificatePem(apiKeySigner, dir) },
          internalKey: { certificateFile: await writeCertificatePem(publisher, dir) },
        },
      },
    });
    const definition = securedDefinition({ title: 'Keyed', basePath: '/keyed/1.0.0', backendUrl: backend.url });
    await deployProject(gw, { name: 'Keyed', version: '1.0.0', context: '/keyed/1.0.0', productionUrl: backend.url, definition, apiYaml: { securityScheme: ['api_key'] } });
    await deployDefinition(
      gw,
      securedDefinition({
        title: 'HeaderKeyed',
        basePath: '/header-keyed',
        backendUrl: backend.url,
        extra: { components: { securitySchemes: { headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } }, security: [{ headerKey: [] }] },
      }),
    );
    await deployDefinition(gw, securedDefinition({ title: 'Inside', basePath: '/inside', backendUrl: backend.url }));
    await deployDefinition(
      gw,
      securedDefinition({
        title: 'PartlyOpen',
        basePath: '/partly-open',
        backendUrl: backend.url,
        paths: {
          '/open-operation': { get: { 'x-wso2-disable-security': true } },
          '/open-item': { 'x-wso2-disable-security': true, get: {} },
          '/closed': { get: {} },
        },
      }),
    );
    await deployDefinition(gw, securedDefinition({ title: 'AllOpen', basePath: '/all-open', backendUrl: backend.url, extra: { 'x-wso2-disable-security': true } }));
    // §10.6: a prototyped API's definition servers are ignored; its api.yaml endpoint is used.
    const prototype = securedDefinition({ title: 'Prototype', basePath: '/prototype/1.0.0', extra: { servers: [{ url: 'http://127.0.0.1:9/ignored' }] } });
    await deployProject(gw, { name: 'Prototype', version: '1.0.0', context: '/prototype/1.0.0', productionUrl: backend.url, definition: prototype, apiYaml: { lifeCycleStatus: 'PROTOTYPED' } });
    const published = securedDefinition({ title: 'Published', basePath: '/published/1.0.0' });
    await deployProject(gw, { name: 'Published', version: '1.0.0', context: '/published/1.0.0', productionUrl: backend.url, definition: published });
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('API keys (api.yaml securityScheme: [api_key])', () => {
    it('in the apikey header → 200, and the backend does not get the key', async () => {
      const res = await get('/keyed/1.0.0/pets', { apikey: apiKey() });
      expect([res.status, res.json<Echoed>().url, res.json<Echoed>().headers.apikey]).toEqual([200, '/pets', undefined]);
    });

    it('in the apikey query parameter → 200, the parameter removed and the others kept', async () => {
      const res = await get(`/keyed/1.0.0/pets?color=red&apikey=${apiKey()}&size=2`);
      expect([res.status, res.json<Echoed>().url]).toEqual([200, '/pets?color=red&size=2']);
    });

    it('with a bad signature → 401 "API key authentication failed.."', async () => {
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: tamperSignature(apiKey()) }))).toEqual(refusal(REQUEST_ERRORS.apiKeyFailed));
    });

    it('an internal key offered as an API key → 401 Invalid Credentials', async () => {
      const offered = apiKey({ token_type: 'InternalKey' });
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: offered }))).toEqual(refusal(REQUEST_ERRORS.invalidCredentials));
    });

    it('permittedIP 10.0.0.0/8 refuses 127.0.0.1 with 403 900908; permittedIP 127.0.0.1 lets it in', async () => {
      const tenOnly = apiKey({ permittedIP: '10.0.0.0/8' });
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: tenOnly }))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
      // No proxy is trusted, so a client cannot claim a permitted address (unlike Choreo Connect, §11.3).
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: tenOnly, 'x-forwarded-for': '10.1.2.3' }))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
      expect((await get('/keyed/1.0.0/pets', { apikey: apiKey({ permittedIP: '127.0.0.1' }) })).status).toBe(200);
    });

    it('permittedReferer https://*.example.com/*: no Referer → 403 900908; a matching Referer → 200', async () => {
      const key = apiKey({ permittedReferer: 'https://*.example.com/*' });
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: key }))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
      expect(seen(await get('/keyed/1.0.0/pets', { apikey: key, referer: 'https://example.org/basket' }))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
      expect((await get('/keyed/1.0.0/pets', { apikey: key, referer: 'https://shop.example.com/basket' })).status).toBe(200);
    });

    it('a header scheme with the key sent in the query → 401 missing credentials; in its header → 200', async () => {
      const key = apiKey();
      expect(seen(await get(`/header-keyed/pets?X-Api-Key=${key}`))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
      const res = await get('/header-keyed/pets', { 'x-api-key': key });
      expect([res.status, res.json<Echoed>().headers['x-api-key']]).toEqual([200, undefined]);
    });
  });

  describe('internal keys (Internal-Key header)', () => {
    it('for this base path and version → 200, and the header is not forwarded', async () => {
      const res = await get('/inside/pets', { 'Internal-Key': internalKey('/inside') });
      expect([res.status, res.json<Echoed>().headers['internal-key']]).toEqual([200, undefined]);
    });

    it('is tried before OAuth2: it wins over a useless Authorization header, which is not forwarded either', async () => {
      const res = await get('/inside/pets', { 'Internal-Key': internalKey('/inside'), authorization: 'Bearer aaa.bbb.ccc' });
      expect([res.status, res.json<Echoed>().headers['internal-key'], res.json<Echoed>().headers.authorization]).toEqual([200, undefined, undefined]);
    });

    it('for another context → 403 900908', async () => {
      expect(seen(await get('/inside/pets', { 'Internal-Key': internalKey('/elsewhere') }))).toEqual(refusal(REQUEST_ERRORS.resourceForbidden));
    });
  });

  describe('security disabled (x-wso2-disable-security)', () => {
    const clientAuthorization = 'Bearer the-client-s-own-token';

    it.each([
      ['at operation level', '/partly-open/open-operation'],
      ['at path-item level', '/partly-open/open-item'],
      ['at API level', '/all-open/pets'],
    ])('%s → 200 without a token, and the client Authorization header reaches the backend unchanged', async (_level, path) => {
      expect((await get(path)).status).toBe(200);
      const res = await get(path, { authorization: clientAuthorization });
      expect([res.status, res.json<Echoed>().headers.authorization]).toEqual([200, clientAuthorization]);
    });

    it('still asks for a credential on the operations that keep security', async () => {
      expect(seen(await get('/partly-open/closed'))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
    });
  });

  it('a PROTOTYPED API (api.yaml lifeCycleStatus) → 200 without a token, at its api.yaml endpoint', async () => {
    const res = await get('/prototype/1.0.0/pets');
    expect([res.status, res.json<Echoed>().url]).toEqual([200, '/pets']);
    expect(seen(await get('/published/1.0.0/pets'))).toEqual(refusal(REQUEST_ERRORS.missingCredentials));
  });
});
