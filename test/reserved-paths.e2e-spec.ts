import { openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

describe('reserved paths: /health and /ready stay the gateway\'s', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('answers GET /health and /ready itself whatever is deployed, and warns the deploy that would shadow them', async () => {
    const doc = openApiDocument({ title: 'Everything', basePath: '/', production: [backend.url], paths: { '/*': ['get', 'post'], '/ready': ['get'] } });
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
    expect(res.status).toBe(201);
    const warnings = res.json<{ warnings: { code: string; message: string; location: string }[] }>().warnings;
    expect(warnings.filter((w) => w.code === 'route.reserved-path').map((w) => [w.message, w.location])).toEqual([
      ['GET /health is answered by the gateway itself, not by resource /* under /', '#/paths/~1*'],
      ['GET /ready is answered by the gateway itself, not by resource /ready under /', '#/paths/~1ready'],
    ]);
    expect((await gw.request('/health')).json()).toEqual({ status: 'healthy' });
    expect((await gw.request('/ready', { headers: { host: 'any.example' } })).json()).toEqual({ status: 'ready' });
    const before = backend.requests.length;
    expect((await gw.request('/health', { method: 'POST', body: 'x' })).json()).toMatchObject({ method: 'POST', url: '/health' });
    expect((await gw.request('/elsewhere')).json()).toMatchObject({ url: '/elsewhere' });
    expect(backend.requests.length).toBe(before + 2);
  });

  it('does not warn an API that leaves them alone', async () => {
    const doc = openApiDocument({ title: 'Tidy', basePath: '/tidy', production: [backend.url] });
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
    expect(res.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).not.toContain('route.reserved-path');
  });
});
