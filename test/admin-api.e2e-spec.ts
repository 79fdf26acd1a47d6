import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { parse, stringify } from 'yaml';
import { basicAuth, call, openApiDocument, startBackend, startTestGateway, zipProject, type CallResult, type TestBackend, type TestGateway, apictlProject } from '#testing';
import { ADAPTER_BASE, adapterDeploy, adapterList, adapterUndeploy, multipart, PORTICO_BASE, porticoDeploy, requestToken, type AdminErrorBody } from './support/admin-api.js';

/** Issue 2: admin authentication (spec §4.1), the token flow, upload limits and errors of both admin APIs. */

const MAX_UPLOAD = 16 * 1024;
const REALM = 'Basic realm="Portico admin"';

describe('admin API', () => {
  let backend: TestBackend;
  let gw: TestGateway;
  let adminPort: number;

  beforeAll(async () => {
    backend = await startBackend((req, res) => res.end(`backend ${req.url}`));
    gw = await startTestGateway({ settings: { admin: { maxUploadBytes: MAX_UPLOAD }, definitions: { maxProjectBytes: 8 * MAX_UPLOAD } } });
    adminPort = gw.running.ports.admin!;
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  const definition = stringify({ openapi: '3.0.3', info: { title: 'Tokened', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });
  const project = (name = 'Tokened') => zipProject(name, apictlProject({ name, version: 'v1', context: `/${name.toLowerCase()}`, productionUrl: backend.url, definition }));

  function expectError(res: CallResult, status: number, code: string, message?: string | RegExp): AdminErrorBody {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json<AdminErrorBody>();
    expect(body).toMatchObject({ status, code });
    if (message !== undefined) expect(body.message).toMatch(message);
    return body;
  }

  function expectUnauthorized(res: CallResult, message: string | RegExp): void {
    expectError(res, 401, 'admin.unauthorized', message);
    expect(res.headers['www-authenticate']).toBe(REALM);
  }

  describe('authentication (spec §4.1)', () => {
    const protectedRoutes: [string, string][] = [
      ['GET', `${ADAPTER_BASE}/apis`],
      ['POST', `${ADAPTER_BASE}/apis`],
      ['DELETE', `${ADAPTER_BASE}/apis?apiName=Tokened&version=v1`],
      ['GET', `${PORTICO_BASE}/apis`],
      ['POST', `${PORTICO_BASE}/apis`],
      ['GET', `${PORTICO_BASE}/apis/Tokened/v1`],
      ['DELETE', `${PORTICO_BASE}/apis/Tokened/v1`],
    ];

    it.each(protectedRoutes)('%s %s without credentials → 401 with the JSON body and WWW-Authenticate', async (method, path) => {
      expectUnauthorized(await call({ port: adminPort, method, path }), 'admin credentials are required (HTTP Basic or a Bearer token)');
    });

    it('rejects a wrong password, an unknown user, an unknown scheme and a broken Basic header', async () => {
      const list = (authorization: string) => call({ port: adminPort, path: `${PORTICO_BASE}/apis`, headers: { authorization } });
      expectUnauthorized(await list(basicAuth('admin', 'wrong')), 'invalid admin username or password');
      expectUnauthorized(await list(basicAuth('nobody', 'admin')), 'invalid admin username or password');
      expectUnauthorized(await list('Basic !!!not-base64'), 'invalid admin username or password');
      expectUnauthorized(await list('Digest username="admin"'), 'unsupported authorization scheme');
      expect((await list(basicAuth('admin', 'admin'))).status).toBe(200);
    });

    it('rejects a garbage bearer token, an expired one, one signed by another key and one without the admin scope', async () => {
      const list = (token: string) => call({ port: adminPort, path: `${ADAPTER_BASE}/apis`, headers: { authorization: `Bearer ${token}` } });
      expectUnauthorized(await list('garbage'), /^invalid admin token: /);
      expectUnauthorized(await list('a.b.c'), /^invalid admin token: /);

      // Tokens signed with the gateway's own key (generated into the data directory), with claims as the token endpoint writes them.
      const key = readFileSync(join(gw.dir, 'data', 'keys', 'admin-token.key'), 'utf8');
      const now = Math.floor(Date.now() / 1000);
      // The generation of the user's credentials, as the token endpoint writes it (issue 14 item 6).
      const { cred_gen } = jwt.decode(((await requestToken(adminPort, 'admin', 'admin')).json() as { accessToken: string }).accessToken) as jwt.JwtPayload;
      const claims = { username: 'admin', sub: 'admin', scope: 'admin', iss: 'portico-admin', iat: now - 7200, exp: now - 3600, cred_gen };
      expectUnauthorized(await list(jwt.sign(claims, key, { algorithm: 'RS256' })), 'invalid admin token: jwt expired');
      const valid = { ...claims, iat: now, exp: now + 3600 };
      expect((await list(jwt.sign(valid, key, { algorithm: 'RS256' }))).status).toBe(200);
      expectUnauthorized(await list(jwt.sign({ ...valid, scope: 'read' }, key, { algorithm: 'RS256' })), 'invalid admin token: the token does not grant the admin scope');
      expectUnauthorized(await list(jwt.sign({ ...valid, iss: 'someone-else' }, key, { algorithm: 'RS256' })), /^invalid admin token: jwt issuer invalid/);
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      expectUnauthorized(await list(jwt.sign(valid, otherKey, { algorithm: 'RS256' })), 'invalid admin token: invalid signature');
      expectUnauthorized(await list(jwt.sign(valid, 'shared-secret', { algorithm: 'HS256' })), /^invalid admin token: /);
    });
  });

  describe('token flow (spec §4.2)', () => {
    it('issues an RS256 token that deploys, lists and undeploys on both APIs', async () => {
      const res = await requestToken(adminPort, 'admin', 'admin');
      expect(res.status).toBe(200);
      const { accessToken } = res.json<{ accessToken: string }>();
      const header = JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString()) as { alg: string };
      expect(header.alg).toBe('RS256');
      expect(jwt.decode(accessToken)).toMatchObject({ username: 'admin', scope: 'admin' });
      const auth = `Bearer ${accessToken}`;

      expect((await adapterDeploy(gw, await project(), { auth })).status).toBe(200);
      expect((await gw.request('/tokened/v1/x')).text).toBe('backend /x');
      expect((await adapterList(gw, auth)).list.map((i) => i.apiName)).toEqual(['Tokened']);
      expect((await gw.admin(`${PORTICO_BASE}/apis/Tokened/v1`, { headers: { authorization: auth } })).status).toBe(200);
      expect((await adapterUndeploy(gw, 'Tokened', 'v1', auth)).status).toBe(200);
      expect((await gw.request('/tokened/v1/x')).status).toBe(404);
    });

    it('answers 401 to bad credentials, 422 to malformed ones and 400 to a body that is not JSON', async () => {
      expectUnauthorized(await requestToken(adminPort, 'admin', 'nope'), 'invalid admin username or password');
      const invalid = expectError(await requestToken(adminPort, 'admin user', 'x'), 422, 'admin.parameter-invalid');
      expect(invalid.problems).toEqual([expect.objectContaining({ code: 'admin.parameter-invalid', location: 'body.username' })]);
      const token = (body: string) => call({ port: adminPort, path: `${ADAPTER_BASE}/oauth2/token`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expectError(await token('{"username": "admin", '), 400, 'admin.body-malformed', /^the body is not valid JSON/);
      expectError(await token('["admin", "admin"]'), 400, 'admin.body-malformed', 'a JSON object body is required');
    });
  });

  describe('uploads', () => {
    const postZip = (body: Buffer) => gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body });
    const incompressible = () => project().then(async (small) => zipProject('Big', { 'api.yaml': small, 'Docs/noise.bin': randomBytes(MAX_UPLOAD) }));

    it('refuses a zip over admin.maxUploadBytes with 413 artifact.too-large on both APIs', async () => {
      const big = await incompressible();
      expect(big.length).toBeGreaterThan(MAX_UPLOAD);
      const message = `the upload is larger than admin.maxUploadBytes (${MAX_UPLOAD} bytes)`;
      expectError(await adapterDeploy(gw, big), 413, 'artifact.too-large', message);
      expectError(await postZip(big), 413, 'artifact.too-large', message);
    });

    it('refuses a small zip that expands past the limit (zip bomb) with artifact.too-large', async () => {
      const bomb = await zipProject('Bomb', { 'api.yaml': 'x', 'Definitions/swagger.yaml': Buffer.alloc(16 * MAX_UPLOAD, ' ') });
      expect(bomb.length).toBeLessThan(MAX_UPLOAD);
      const body = expectError(await adapterDeploy(gw, bomb), 400, 'artifact.too-large');
      expect(body.problems).toEqual([{ code: 'artifact.too-large', message: `the project expands to more than ${8 * MAX_UPLOAD} bytes (definitions.maxProjectBytes)` }]);
    });

    it('refuses a corrupt zip with 400 artifact.unreadable', async () => {
      const corrupt = (await project()).subarray(0, 200);
      const viaAdapter = expectError(await adapterDeploy(gw, corrupt), 400, 'artifact.unreadable');
      expect(viaAdapter.problems![0].message).toMatch(/^the upload is not a readable zip file: /);
      expectError(await postZip(Buffer.from('PK\u0003\u0004 definitely not a zip')), 400, 'artifact.unreadable');
    });

    it('refuses a zip without api.yaml with 422 project.api-yaml-missing', async () => {
      const zip = await zipProject('NoApiYaml', { 'Definitions/swagger.yaml': openApiDocument({ title: 'X', basePath: '/x', production: [backend.url] }) });
      const body = expectError(await adapterDeploy(gw, zip), 422, 'project.api-yaml-missing');
      expect(body.problems).toEqual([{ code: 'project.api-yaml-missing', message: 'could not find api.yaml or api.json' }]);
      expectError(await postZip(zip), 422, 'project.api-yaml-missing');
    });

    it('refuses a multipart body without the file field with 400', async () => {
      const post = (form: ReturnType<typeof multipart>) =>
        gw.admin(`${ADAPTER_BASE}/apis`, { method: 'POST', headers: { 'content-type': form.contentType }, body: form.body });
      const body = expectError(await post(multipart([{ name: 'override', content: 'true' }])), 400, 'artifact.file-field-missing');
      expect(body.problems).toEqual([{ code: 'artifact.file-field-missing', message: 'send the zipped API project in the multipart form field "file"' }]);
      expectError(await post(multipart([])), 400, 'artifact.file-field-missing');
      // The project under another field name: also a missing `file` field.
      const misnamed = await post(multipart([{ name: 'project', filename: 'p.zip', contentType: 'application/zip', content: await project() }]));
      expectError(misnamed, 400, 'artifact.file-field-missing', /multipart form field "file" \(got "project"\)/);
    });

    it('refuses a body of an unsupported media type with 415', async () => {
      expectError(await porticoDeploy(gw, '<html/>', { contentType: 'text/html' }), 415, 'admin.media-type-unsupported');
    });
  });

  it("lists each API's consumer security as the gateway applies it", async () => {
    const keyed = { components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } }, security: [{ key: [] }] };
    for (const document of [
      openApiDocument({ title: 'SecOpen', version: 'v1', basePath: '/sec-open', production: ['http://127.0.0.1:9'] }),
      openApiDocument({ title: 'SecDefault', version: 'v1', basePath: '/sec-default', production: ['http://127.0.0.1:9'], open: false }),
      openApiDocument({ title: 'SecKeyed', version: 'v1', basePath: '/sec-keyed', production: ['http://127.0.0.1:9'], open: false, extra: keyed }),
    ]) {
      const answer = await porticoDeploy(gw, document, { override: true });
      expect([answer.status, answer.text]).toEqual([201, expect.any(String)]);
    }
    const { list } = (await gw.admin(`${PORTICO_BASE}/apis?query=sec-`)).json<{ list: { name: string; security: unknown }[] }>();
    const security = Object.fromEntries(list.map((item) => [item.name, item.security]));
    expect(security.SecOpen).toEqual({ open: true, schemes: [], openOperations: 0, projectSchemes: [], mutualTls: 'none' });
    expect(security.SecDefault).toMatchObject({ open: false, schemes: [{ name: 'OAuth2', type: 'oauth2', default: true }] });
    expect(security.SecKeyed).toMatchObject({ open: false, schemes: [{ name: 'key', type: 'apiKey', description: 'API key in header x-api-key' }] });
    for (const name of ['SecOpen', 'SecDefault', 'SecKeyed']) await gw.admin(`${PORTICO_BASE}/apis/${name}/v1`, { method: 'DELETE' });
  });

  describe('routes and parameters', () => {
    it('answers 404 to undeploying an API that is not deployed, on both APIs', async () => {
      const adapter = expectError(await adapterUndeploy(gw, 'Nowhere', 'v9'), 404, 'api.not-found');
      expect(adapter.problems).toEqual([{ code: 'api.not-found', message: 'API Nowhere:v9 is not deployed' }]);
      expectError(await gw.admin(`${PORTICO_BASE}/apis/Nowhere/v9`, { method: 'DELETE' }), 404, 'api.not-found');
      expectError(await gw.admin(`${PORTICO_BASE}/apis/Nowhere/v9/definition`), 404, 'api.not-found');
    });

    it('answers 422 naming the parameter when an undeploy query breaks the adapter rules', async () => {
      const body = expectError(await gw.admin(`${ADAPTER_BASE}/apis?version=v1`, { method: 'DELETE' }), 422, 'admin.parameter-invalid');
      expect(body.problems!.every((p) => p.location === 'query.apiName')).toBe(true);
      const limit = expectError(await gw.admin(`${ADAPTER_BASE}/apis?limit=0`), 422, 'admin.parameter-invalid');
      expect(limit.problems!.map((p) => p.location)).toContain('query.limit');
    });

    it('answers unknown admin routes with the JSON 404', async () => {
      expectError(await gw.admin('/portico/v2/things'), 404, 'admin.route-not-found');
    });

    it('serves its own OpenAPI document without credentials, as YAML and JSON', async () => {
      const yamlRes = await call({ port: adminPort, path: `${PORTICO_BASE}/openapi.yaml` });
      expect(yamlRes.status).toBe(200);
      expect(yamlRes.headers['content-type']).toMatch(/^application\/yaml/);
      const document = parse(yamlRes.text) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          `${ADAPTER_BASE}/oauth2/token`,
          `${ADAPTER_BASE}/apis`,
          `${PORTICO_BASE}/apis`,
          `${PORTICO_BASE}/apis/{name}/{version}`,
          `${PORTICO_BASE}/apis/{name}/{version}/definition`,
        ]),
      );
      expect(Object.keys(document.paths[`${ADAPTER_BASE}/apis`]).sort()).toEqual(['delete', 'get', 'post']);
      const jsonRes = await call({ port: adminPort, path: `${PORTICO_BASE}/openapi.json` });
      expect(jsonRes.status).toBe(200);
      expect(jsonRes.json()).toEqual(document);
    });

    it('answers http:// and https:// on the one admin port', async () => {
      for (const tls of [false, true]) {
        const token = await requestToken(adminPort, 'admin', 'admin', tls);
        expect(token.status).toBe(200);
        const list = await call({ port: adminPort, tls, path: `${PORTICO_BASE}/apis`, headers: { authorization: `Bearer ${token.json<{ accessToken: string }>().accessToken}` } });
        expect(list.status).toBe(200);
        expectUnauthorized(await call({ port: adminPort, tls, path: `${PORTICO_BASE}/apis` }), /credentials are required/);
      }
    });
  });
});
