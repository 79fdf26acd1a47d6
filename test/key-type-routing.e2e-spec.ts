import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accessTokenClaims,
  ccFixture,
  describeWithCcFixtures,
  generateTestKeyPair,
  retarget,
  signJwt,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
} from '#testing';

/**
 * Spec §7: the key type of the caller's token selects the production or sandbox endpoints of the
 * matched resource (the resource's own set for that key type, else the API's), on Choreo
 * Connect's four production/sandbox test definitions, against three backends that say who they
 * are. A key type with no endpoint gets the exact 401 of §7.3.
 */

const ISSUER = 'https://km.test/oauth2/token';
const NO_SANDBOX = '401 Sandbox key offered to an API with no sandbox endpoint. Make sure you have provided the correct security credentials';
const NO_PRODUCTION = '401 Production key offered to an API with no production endpoint. Make sure you have provided the correct security credentials';

/** [fixture, base path, resource, what a PRODUCTION token reaches, what a SANDBOX token reaches] */
const MATRIX: readonly (readonly [string, string, string, string, string])[] = [
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/pet/findByStatus', 'A /v2/pet/findByStatus', 'B /v2/pet/findByStatus'],
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/v2/pet/findByStatus', 'B /v2/pet/findByStatus', 'A /v2/pet/findByStatus'],
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/v2/pets/findByStatus', 'A /v2/v2/pets/findByStatus', 'C /v2sand/v2/pets/findByStatus'],
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/v2/pets/findByTags', 'C /v2sand/v2/pets/findByTags', 'B /v2/v2/pets/findByTags'],
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/pet/patch/same/findByStatus', 'C /v2sand/pet/patch/same/findByStatus', 'C /v2sand/pet/patch/same/findByStatus'],
  ['prod_and_sand_openAPI.yaml', '/v2/general', '/pet/patch/diff/findByStatus', 'B /v2/pet/patch/diff/findByStatus', 'C /v2sand/pet/patch/diff/findByStatus'],
  ['prod_openAPI.yaml', '/v2/prod', '/pet/findByStatus', 'A /v2/pet/findByStatus', NO_SANDBOX],
  ['prod_openAPI.yaml', '/v2/prod', '/pets/findByStatus', 'C /v2sand/pets/findByStatus', 'C /v2sand/pets/findByStatus'],
  ['prod_openAPI.yaml', '/v2/prod', '/pets/findByTags', 'B /v2/pets/findByTags', 'C /v2sand/pets/findByTags'],
  ['prod_openAPI.yaml', '/v2/prod', '/pet/findByTags', 'B /v2/pet/findByTags', NO_SANDBOX],
  ['prod_openAPI.yaml', '/v2/prod', '/v2/pets/findByTags', 'A /v2/v2/pets/findByTags', 'C /v2sand/v2/pets/findByTags'],
  ['sand_openAPI.yaml', '/v2/sand', '/pet/findByStatus', NO_PRODUCTION, 'B /v2/pet/findByStatus'],
  ['prod_sand_diff_endpoints_openAPI.yaml', '/v2/prodsand', '/pet/findByStatus', 'A /v2/pet/findByStatus', 'C /v2sand/pet/findByStatus'],
  ['prod_sand_diff_endpoints_openAPI.yaml', '/v2/prodsand', '/pets/findByStatus', 'B /v2/pets/findByStatus', 'B /v2/pets/findByStatus'],
  ['prod_sand_diff_endpoints_openAPI.yaml', '/v2/prodsand', '/pet/findByTags', 'C /v2sand/pet/findByTags', 'B /v2/pet/findByTags'],
  ['prod_sand_diff_endpoints_openAPI.yaml', '/v2/prodsand', '/v2/pets/findByStatus', 'A /v2/v2/pets/findByStatus', 'B /v2/pets/findByStatus'],
  ['prod_sand_diff_endpoints_openAPI.yaml', '/v2/prodsand', '/v2/pets/findByTags', 'A /v2/pets/findByTags', 'C /v2sand/v2/pets/findByTags'],
];

const FIXTURES = [...new Set(MATRIX.map(([fixture]) => fixture))];

describeWithCcFixtures('production and sandbox endpoints by key type (spec §7)', () => {
  let dir: string;
  let key: TestKeyPair;
  let backends: TestBackend[];
  let gw: TestGateway;

  const token = (keyType: string | undefined): string =>
    signJwt(accessTokenClaims({ issuer: ISSUER, extra: keyType === undefined ? {} : { keytype: keyType } }), { key });

  /** `<backend> <path it received>`, or `<status> <error_description>`. */
  const reach = async (path: string, authorization?: string): Promise<string> => {
    const res = await gw.request(path, { headers: authorization === undefined ? {} : { authorization } });
    if (res.status !== 200) return `${res.status} ${res.json<{ error_description: string }>().error_description}`;
    const seen = res.json<{ backend: string; url: string }>();
    return `${seen.backend} ${seen.url}`;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-keytype-'));
    key = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    backends = await Promise.all(['A', 'B', 'C'].map((name) => startBackend((req, res) => res.end(JSON.stringify({ backend: name, url: req.url })))));
    const [a, b, c] = backends;
    gw = await startTestGateway({ settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } } });
    for (const fixture of FIXTURES) {
      const definition = retarget(ccFixture(`integration/openAPIs/${fixture}`), { 'mockBackend:2383': a.url, 'mockBackend:2390': b.url, 'mockBackend:2391': c.url });
      const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition });
      expect([fixture, res.status]).toEqual([fixture, 201]);
    }
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all((backends ?? []).map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(MATRIX)('%s %s%s: production and sandbox tokens', async (_fixture, basePath, resource, production, sandbox) => {
    expect(await reach(basePath + resource, `Bearer ${token('PRODUCTION')}`)).toBe(production);
    expect(await reach(basePath + resource, `Bearer ${token('SANDBOX')}`)).toBe(sandbox);
  });

  it('takes a token without keytype as PRODUCTION and compares key types case-insensitively', async () => {
    expect(await reach('/v2/general/pet/findByStatus', `Bearer ${token(undefined)}`)).toBe('A /v2/pet/findByStatus');
    expect(await reach('/v2/general/pet/findByStatus', `Bearer ${token('sandbox')}`)).toBe('B /v2/pet/findByStatus');
  });

  it('answers any other key type with the invalid key type 401', async () => {
    expect(await reach('/v2/general/pet/findByStatus', `Bearer ${token('STAGING')}`)).toBe(
      '401 Invalid key type.. Make sure you have provided the correct security credentials',
    );
  });

  it('routes a resource with security disabled to production without a token, and still asks for one elsewhere', async () => {
    expect(await reach('/v2/prodsand/pets/findByTags')).toBe('A /v2/pets/findByTags');
    expect(await reach('/v2/general/pets/findByTags')).toBe('A /v2/pets/findByTags');
    expect(await reach('/v2/general/pet/findByStatus')).toBe('401 Make sure you have provided the correct security credentials');
  });

  it('does not forward the token, nor let a client pick the upstream', async () => {
    const echo = await startBackend((req, res) => res.end(JSON.stringify(req.headers)));
    try {
      const definition = retarget(ccFixture('integration/openAPIs/prod_openAPI.yaml'), echo.url).replace('/v2/prod', '/v2/echo').replace(/title: .*/, 'title: Echo');
      expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition })).status).toBe(201);
      const res = await gw.request('/v2/echo/pet/findByStatus', {
        headers: { authorization: `Bearer ${token('PRODUCTION')}`, 'x-wso2-cluster-header': 'sandbox', 'x-envoy-upstream-alt-stat-name': 'x' },
      });
      const received = res.json<Record<string, string>>();
      expect([res.status, received.authorization, received['x-wso2-cluster-header'], received['x-envoy-upstream-alt-stat-name']]).toEqual([200, undefined, undefined, undefined]);
    } finally {
      await echo.close();
    }
  });
});

describeWithCcFixtures('a gateway that accepts only SANDBOX keys (security.acceptedKeyTypes)', () => {
  let dir: string;
  let key: TestKeyPair;
  let backends: TestBackend[];
  let gw: TestGateway;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-sandbox-only-'));
    key = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    backends = await Promise.all(['A', 'B'].map((name) => startBackend((req, res) => res.end(JSON.stringify({ backend: name, url: req.url })))));
    gw = await startTestGateway({
      settings: { security: { acceptedKeyTypes: ['SANDBOX'], issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } },
    });
    const definition = retarget(ccFixture('integration/openAPIs/prod_and_sand_openAPI.yaml'), { 'mockBackend:2383': backends[0].url, 'mockBackend:2390': backends[1].url });
    expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition })).status).toBe(201);
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all((backends ?? []).map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves sandbox keys and refuses production keys with a 401 that says why', async () => {
    const call = (keyType: string) =>
      gw.request('/v2/general/pet/findByStatus', { headers: { authorization: `Bearer ${signJwt(accessTokenClaims({ issuer: ISSUER, extra: { keytype: keyType } }), { key })}` } });
    const sandbox = await call('SANDBOX');
    expect([sandbox.status, sandbox.json<{ backend: string }>().backend]).toEqual([200, 'B']);
    const production = await call('PRODUCTION');
    expect(production.status).toBe(401);
    expect(production.headers['www-authenticate']).toContain('Bearer realm="Choreo Connect"');
    expect(production.json()).toEqual({
      error_message: 'Invalid Credentials',
      code: '900901',
      error_description: 'Production keys are not accepted by this gateway. Make sure you have provided the correct security credentials',
    });
  });
});
