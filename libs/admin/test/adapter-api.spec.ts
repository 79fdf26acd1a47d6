import { type AdminHarness, basic, projectZip, settingsIn, startAdmin, tempDir, zipOf } from './admin-test-kit.spec-support.js';

const BASE = '/api/mgw/adapter/0.1';
const ADMIN = basic('admin', 'admin');

describe('Choreo Connect adapter API', () => {
  let admin: AdminHarness;

  beforeEach(async () => {
    admin = await startAdmin(settingsIn(tempDir()));
  });
  afterEach(() => admin.close());

  function upload(zip: Buffer | undefined, query = '', auth = ADMIN, field = 'file'): Promise<Response> {
    const form = new FormData();
    if (zip) form.append(field, new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'project.zip');
    else form.append('other', 'value');
    return fetch(`${admin.url}${BASE}/apis${query}`, { method: 'POST', body: form, headers: { authorization: auth } });
  }

  async function token(username = 'admin', password = 'admin'): Promise<Response> {
    return fetch(`${admin.url}${BASE}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }

  it('deploys a project zip (200, empty body), lists it and undeploys it', async () => {
    const res = await upload(await projectZip('Pets', 'v1'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);

    const list = await fetch(`${admin.url}${BASE}/apis`, { headers: { authorization: ADMIN } });
    expect(await list.json()).toEqual({
      total: 1,
      count: 1,
      list: [{ apiName: 'Pets', version: 'v1', apiType: 'HTTP', context: '/pets/v1', 'gateway-envs': ['Default'], vhost: 'localhost' }],
    });

    const del = await fetch(`${admin.url}${BASE}/apis?apiName=Pets&version=v1`, { method: 'DELETE', headers: { authorization: ADMIN } });
    expect(del.status).toBe(200);
    expect(admin.publisher.published()).toEqual([]);
  });

  it('answers 401 with the admin error body and a Basic challenge without or with wrong credentials', async () => {
    for (const auth of [undefined, basic('admin', 'wrong'), basic('nobody', 'admin'), 'Bearer not-a-jwt', 'Digest abc']) {
      const res = await fetch(`${admin.url}${BASE}/apis`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Portico admin"');
      expect(await res.json()).toEqual({ status: 401, code: 'admin.unauthorized', message: expect.any(String) });
    }
    expect((await upload(await projectZip('Pets', 'v1'), '', basic('admin', 'x'))).status).toBe(401);
    expect(admin.publisher.published()).toEqual([]);
  });

  it('issues a token for valid credentials that then works as a Bearer credential', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    expect(accessToken.split('.')).toHaveLength(3);
    const list = await fetch(`${admin.url}${BASE}/apis`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ total: 0, count: 0, list: [] });
  });

  it('refuses bad credentials at the token endpoint with 401, and malformed ones with 422', async () => {
    const bad = await token('admin', 'nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'admin.unauthorized' });
    const malformed = await token('admin!', 'x'.repeat(101));
    expect(malformed.status).toBe(422);
    const body = (await malformed.json()) as { code: string; problems: { location: string }[] };
    expect(body.code).toBe('admin.parameter-invalid');
    expect(body.problems.map((p) => p.location).sort()).toEqual(['body.password', 'body.username']);
    const notJson = await fetch(`${admin.url}${BASE}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'admin.body-malformed' });
  });

  it('answers 409 for an existing API without override, and replaces it with override=true', async () => {
    const zip = await projectZip('Pets', 'v1');
    expect((await upload(zip)).status).toBe(200);
    const again = await upload(zip);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ status: 409, code: 'deploy.api-exists', problems: [{ code: 'deploy.api-exists' }] });
    expect((await upload(zip, '?override=true')).status).toBe(200);
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);
  });

  it('answers 409 when another API has the same base path on the vhost, even with override', async () => {
    expect((await upload(await projectZip('Pets', 'v1', { 'x-wso2-basePath': '/shared' }))).status).toBe(200);
    const clash = await upload(await projectZip('Store', 'v1', { 'x-wso2-basePath': '/shared' }), '?override=true');
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({
      code: 'deploy.basepath-conflict',
      problems: [{ message: 'An API exists with the same basepath /shared on vhost localhost: Pets:v1' }],
    });
  });

  it('answers 400 for a missing file field and for a corrupt zip, 422 for an invalid project', async () => {
    const missing = await upload(undefined);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'artifact.file-field-missing' });

    const corrupt = await upload(Buffer.from('this is not a zip'));
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toMatchObject({ code: 'artifact.unreadable', problems: [{ code: 'artifact.unreadable' }] });

    const invalid = await upload(await zipOf({ 'P/Definitions/swagger.yaml': 'openapi: 3.0.0\ninfo: {}\n' }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ code: 'api.name-missing', problems: [{ location: '#/info' }] });
  });

  it('answers 413 with a JSON body for an upload over admin.maxUploadBytes', async () => {
    await admin.close();
    admin = await startAdmin(settingsIn(tempDir(), 'admin:\n  maxUploadBytes: 2048\n'));
    const res = await upload(Buffer.alloc(4096, 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, code: 'artifact.too-large', problems: [{ code: 'artifact.too-large' }] });
  });

  it('answers 404 when undeploying an API that is not deployed (also on another vhost), 422 for bad parameters', async () => {
    const notThere = await fetch(`${admin.url}${BASE}/apis?apiName=Nope&version=v1`, { method: 'DELETE', headers: { authorization: ADMIN } });
    expect(notThere.status).toBe(404);
    expect(await notThere.json()).toMatchObject({ status: 404, code: 'api.not-found' });

    expect((await upload(await projectZip('Pets', 'v1'))).status).toBe(200);
    const otherVhost = await fetch(`${admin.url}${BASE}/apis?apiName=Pets&version=v1&vhost=other.example.com`, {
      method: 'DELETE',
      headers: { authorization: ADMIN },
    });
    expect(otherVhost.status).toBe(404);

    const bad = await fetch(`${admin.url}${BASE}/apis?apiName=P!&version=&vhost=-bad-&environments=a::b`, { method: 'DELETE', headers: { authorization: ADMIN } });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { problems: { location: string }[] };
    expect([...new Set(body.problems.map((p) => p.location))].sort()).toEqual(['query.apiName', 'query.environments', 'query.version', 'query.vhost']);
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);
  });

  it('filters the list by type and limits it', async () => {
    expect((await upload(await projectZip('Aaa', 'v1'))).status).toBe(200);
    expect((await upload(await projectZip('Bbb', 'v1'))).status).toBe(200);
    const limited = await fetch(`${admin.url}${BASE}/apis?limit=1`, { headers: { authorization: ADMIN } });
    expect(await limited.json()).toMatchObject({ total: 2, count: 1, list: [{ apiName: 'Aaa' }] });
    const ws = await fetch(`${admin.url}${BASE}/apis?query=type:ws`, { headers: { authorization: ADMIN } });
    expect(await ws.json()).toEqual({ total: 0, count: 0, list: [] });
    const http = await fetch(`${admin.url}${BASE}/apis?query=type:http`, { headers: { authorization: ADMIN } });
    expect(await http.json()).toMatchObject({ total: 2 });
    expect((await fetch(`${admin.url}${BASE}/apis?query=type:foo`, { headers: { authorization: ADMIN } })).status).toBe(422);
    expect((await fetch(`${admin.url}${BASE}/apis?limit=0`, { headers: { authorization: ADMIN } })).status).toBe(422);
  });
});
