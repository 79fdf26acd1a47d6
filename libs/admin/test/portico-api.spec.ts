import { type AdminHarness, apiDoc, basic, projectZip, settingsIn, startAdmin, tempDir } from './admin-test-kit.spec-support.js';

const APIS = '/portico/v1/apis';
const ADMIN = basic('admin', 'admin');
const ENVIRONMENTS = 'environments:\n  - { name: Default, vhost: localhost }\n  - { name: US, vhost: us.example.com }\n';

describe("Portico's admin API", () => {
  let admin: AdminHarness;

  beforeEach(async () => {
    admin = await startAdmin(settingsIn(tempDir(), ENVIRONMENTS));
  });
  afterEach(() => admin.close());

  function send(method: string, path: string, body?: string | Buffer, contentType = 'application/yaml', auth = ADMIN): Promise<Response> {
    const headers: Record<string, string> = { authorization: auth };
    if (body !== undefined) headers['content-type'] = contentType;
    return fetch(`${admin.url}${path}`, { method, headers, body: typeof body === 'string' ? body : body && new Uint8Array(body) });
  }

  it('deploys a YAML document: 201 with the summary and Location, then 200 when it replaces it', async () => {
    const created = await send('POST', APIS, apiDoc('Pets', 'v1'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/portico/v1/apis/Pets/v1');
    expect(await created.json()).toEqual({
      name: 'Pets',
      version: 'v1',
      id: 'Pets-v1',
      basePath: '/pets/v1',
      type: 'HTTP',
      connector: 'rest',
      targets: [{ environment: 'Default', vhost: 'localhost' }],
      created: true,
      warnings: [],
    });
    expect((await send('POST', APIS, apiDoc('Pets', 'v1'))).status).toBe(409);
    const replaced = await send('POST', `${APIS}?override=true`, apiDoc('Pets', 'v1'));
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ created: false });
  });

  it('deploys JSON and zip bodies and returns the original definition bytes', async () => {
    const json = JSON.stringify({ openapi: '3.0.0', info: { title: 'Json', version: '2' }, paths: { '/a': { get: {} } } }, null, 1);
    expect((await send('POST', APIS, json, 'application/json')).status).toBe(201);
    const jsonDef = await send('GET', `${APIS}/Json/2/definition`);
    expect(jsonDef.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await jsonDef.text()).toBe(json);

    expect((await send('POST', APIS, await projectZip('Zipped', 'v3'), 'application/zip')).status).toBe(201);
    const zipDef = await send('GET', `${APIS}/Zipped/v3/definition`);
    expect(zipDef.status).toBe(200);
    expect(zipDef.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await zipDef.text()).toBe(apiDoc('Zipped', 'v3'));

    const yaml = `# kept as written\n${apiDoc('Yaml', 'v1')}`;
    expect((await send('POST', APIS, yaml, 'text/yaml')).status).toBe(201);
    expect(await (await send('GET', `${APIS}/Yaml/v1/definition`)).text()).toBe(yaml);
  });

  it('lists with a filter, shows details and deletes with 204', async () => {
    await send('POST', APIS, apiDoc('Pets', 'v1'));
    await send('POST', APIS, apiDoc('Store', 'v1', { 'x-wso2-basePath': '/shop' }));
    const all = (await (await send('GET', APIS)).json()) as { total: number; list: { name: string }[] };
    expect(all.total).toBe(2);
    expect(all.list.map((i) => i.name)).toEqual(['Pets', 'Store']);
    const filtered = (await (await send('GET', `${APIS}?query=SHOP&type=http`)).json()) as { total: number; list: { name: string }[] };
    expect(filtered.list.map((i) => i.name)).toEqual(['Store']);

    const detail = await send('GET', `${APIS}/Pets/v1`);
    expect(await detail.json()).toMatchObject({
      name: 'Pets',
      basePath: '/pets/v1',
      connector: 'rest',
      origin: 'admin',
      targets: [{ environment: 'Default', vhost: 'localhost', basePath: '/pets/v1', origin: 'admin' }],
      endpoints: { PRODUCTION: { policy: 'LOAD_BALANCE', urls: ['http://backend:8080/v1'] } },
      resources: [{ path: '/items', methods: ['GET', 'POST'] }],
      deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const removed = await send('DELETE', `${APIS}/Pets/v1`);
    expect(removed.status).toBe(204);
    expect(admin.publisher.published()).toEqual(['Store:v1@localhost']);
    for (const path of [`${APIS}/Pets/v1`, `${APIS}/Pets/v1/definition`]) {
      const gone = await send('GET', path);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ status: 404, code: 'api.not-found' });
    }
    expect((await send('DELETE', `${APIS}/Pets/v1`)).status).toBe(404);
  });

  it('deploys to a requested environment and vhost, and undeploys from one vhost only', async () => {
    expect((await send('POST', `${APIS}?environment=US`, apiDoc('Pets', 'v1'))).status).toBe(201);
    expect((await send('POST', `${APIS}?vhost=pets.example.com`, apiDoc('Pets', 'v1'))).status).toBe(201);
    expect(admin.publisher.published()).toEqual(['Pets:v1@pets.example.com', 'Pets:v1@us.example.com']);
    const unknown = await send('POST', `${APIS}?environment=Mars`, apiDoc('Other', 'v1'));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'deploy.no-target', problems: [{ location: 'query.environment' }] });

    expect((await send('DELETE', `${APIS}/Pets/v1?vhost=us.example.com`)).status).toBe(204);
    expect(admin.publisher.published()).toEqual(['Pets:v1@pets.example.com']);
    expect((await send('DELETE', `${APIS}/Pets/v1?environments=US`)).status).toBe(404);
  });

  it('PUT creates then replaces, and refuses a document naming another API with 422', async () => {
    const put = await send('PUT', `${APIS}/Pets/v1`, apiDoc('Pets', 'v1'));
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe('/portico/v1/apis/Pets/v1');
    expect((await send('PUT', `${APIS}/Pets/v1`, apiDoc('Pets', 'v1'))).status).toBe(200);
    const mismatch = await send('PUT', `${APIS}/Pets/v2`, apiDoc('Pets', 'v1'));
    expect(mismatch.status).toBe(422);
    expect(await mismatch.json()).toMatchObject({ code: 'deploy.identity-mismatch' });
  });

  it('answers 400 for an empty or unparsable body, 415 for other content types, 422 for an invalid document', async () => {
    const empty = await send('POST', APIS, '', 'application/yaml');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'artifact.unreadable' });
    const syntax = await send('POST', APIS, 'openapi: [unclosed', 'application/yaml');
    expect(syntax.status).toBe(400);
    expect(await syntax.json()).toMatchObject({ code: 'document.syntax', problems: [{ code: 'document.syntax' }] });
    const xml = await send('POST', APIS, '<api/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ status: 415, code: 'admin.media-type-unsupported' });
    const invalid = await send('POST', APIS, 'openapi: 3.0.0\npaths: {}\n');
    expect(invalid.status).toBe(422);
    expect(admin.publisher.published()).toEqual([]);
  });

  it('answers 413 in the admin error shape for a body over admin.maxUploadBytes', async () => {
    await admin.close();
    admin = await startAdmin(settingsIn(tempDir(), 'admin:\n  maxUploadBytes: 2048\n'));
    const res = await send('POST', APIS, apiDoc('Big', 'v1') + '#'.repeat(4096));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      status: 413,
      code: 'artifact.too-large',
      message: 'the upload is larger than admin.maxUploadBytes (2048 bytes)',
      problems: [{ code: 'artifact.too-large', message: 'the upload is larger than admin.maxUploadBytes (2048 bytes)' }],
    });
  });

  it('rejects a deploy the routing layer refuses (unknown connector) and changes nothing', async () => {
    await send('POST', APIS, apiDoc('Pets', 'v1'));
    const res = await send('POST', APIS, apiDoc('Odd', 'v1', { 'x-test-connector': 'unknown' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'connector.unknown' });
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);
    expect((await send('GET', `${APIS}/Odd/v1`)).status).toBe(404);
  });

  it('requires credentials on every route but the token endpoint and the OpenAPI document', async () => {
    // Six wrong passwords from one address are more than the login throttle lets through by default.
    await admin.close();
    admin = await startAdmin(settingsIn(tempDir(), 'admin:\n  loginThrottle:\n    maxFailures: 10\n'));
    for (const [method, path] of [['GET', APIS], ['POST', APIS], ['GET', `${APIS}/a/b`], ['PUT', `${APIS}/a/b`], ['DELETE', `${APIS}/a/b`], ['GET', `${APIS}/a/b/definition`]]) {
      const res = await send(method, path, method === 'POST' || method === 'PUT' ? apiDoc('a', 'b') : undefined, 'application/yaml', basic('admin', 'bad'));
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    const yaml = await fetch(`${admin.url}/portico/v1/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toContain('/api/mgw/adapter/0.1/oauth2/token');
    const json = (await (await fetch(`${admin.url}/portico/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(json.openapi).toBe('3.0.3');
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining(['/api/mgw/adapter/0.1/apis', '/portico/v1/apis', '/portico/v1/apis/{name}/{version}', '/portico/v1/apis/{name}/{version}/definition']),
    );
  });

  it('answers unknown routes with 404 in the admin error shape', async () => {
    const res = await send('GET', '/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: 'admin.route-not-found' });
  });
});
