import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { echoHandler, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { deployDefinition, securedDefinition } from './support/secured-api.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Echo {
  headers: Record<string, string | undefined>;
}

async function gatewayWith(backend: TestBackend, settings: Record<string, unknown> = {}): Promise<TestGateway> {
  const gw = await startTestGateway({ settings });
  const doc = openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`] });
  expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
  expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: openApiDocument({ title: 'Dead', basePath: '/dead', production: ['http://127.0.0.1:1/x'] }) })).status).toBe(201);
  await deployDefinition(gw, securedDefinition({ title: 'Locked', basePath: '/locked', backendUrl: `${backend.url}/v1` }));
  return gw;
}

describe('X-Request-ID (issue 21 item 3)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend(echoHandler);
    gw = await gatewayWith(backend);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('generates an id per request, sends it to the backend and returns it to the client', async () => {
    const first = await gw.request('/echo/a');
    const second = await gw.request('/echo/b');
    const id = first.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(first.json<Echo>().headers['x-request-id']).toBe(id);
    expect(second.headers['x-request-id']).not.toBe(id);
  });

  it('replaces the id of a client that is no trusted proxy (by default)', async () => {
    const res = await gw.request('/echo/a', { headers: { 'x-request-id': 'client-chosen-1' } });
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.json<Echo>().headers['x-request-id']).toBe(res.headers['x-request-id']);
  });

  it('names the request in the gateway own errors: 404, 401 and 503 carry the header, bodies stay those of Choreo Connect', async () => {
    for (const [path, status] of [['/nowhere', 404], ['/locked/pets', 401], ['/dead/x', 503]] as const) {
      const res = await gw.request(path);
      expect(res.status).toBe(status);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(Object.keys(res.json<object>())).not.toContain('requestId');
    }
  });

  it('puts the id in the log line of an upstream failure', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const res = await gw.request('/dead/y');
      const id = res.headers['x-request-id'] as string;
      expect(warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes(`[request ${id}]`))).toEqual([expect.stringMatching(/^upstream failure: 503 102503 for Dead:1\.0\.0/)]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('X-Request-ID settings', () => {
  let backend: TestBackend;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    backend = await startBackend(echoHandler);
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.destroy();
    await backend.close();
  });

  async function start(settings: Record<string, unknown>): Promise<TestGateway> {
    const gw = await gatewayWith(backend, settings);
    gateways.push(gw);
    return gw;
  }

  it('keeps the id of a trusted proxy, but never one that could break a header or a log line', async () => {
    const gw = await start({ dataPlane: { trustedProxies: ['127.0.0.1/32'] } });
    const kept = await gw.request('/echo/a', { headers: { 'x-request-id': 'lb-0042:abc/def=' } });
    expect(kept.headers['x-request-id']).toBe('lb-0042:abc/def=');
    expect(kept.json<Echo>().headers['x-request-id']).toBe('lb-0042:abc/def=');
    for (const hostile of ['has space', 'a"b', 'x'.repeat(129), '']) {
      const res = await gw.request('/echo/a', { headers: { 'x-request-id': hostile } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('keeps any client id with acceptFrom: any, none with acceptFrom: none', async () => {
    const any = await start({ dataPlane: { requestId: { acceptFrom: 'any' } } });
    expect((await any.request('/echo/a', { headers: { 'x-request-id': 'mine-1' } })).headers['x-request-id']).toBe('mine-1');
    const none = await start({ dataPlane: { trustedProxies: ['127.0.0.1/32'], requestId: { acceptFrom: 'none' } } });
    expect((await none.request('/echo/a', { headers: { 'x-request-id': 'mine-1' } })).headers['x-request-id']).toMatch(UUID);
  });

  it('adds the id as the last field of JSON error bodies with inErrorBodies, and travels in a header of your choice', async () => {
    const gw = await start({ dataPlane: { requestId: { header: 'X-Correlation-ID', inErrorBodies: true } } });
    const locked = await gw.request('/locked/pets');
    const id = locked.headers['x-correlation-id'] as string;
    expect(id).toMatch(UUID);
    expect(locked.headers['x-request-id']).toBeUndefined();
    expect(Object.keys(locked.json<object>())).toEqual(['error_message', 'code', 'error_description', 'requestId']);
    expect(locked.json<{ requestId: string }>().requestId).toBe(id);
    const missing = await gw.request('/nowhere');
    expect(missing.json()).toEqual({ code: '404', message: 'Not Found', description: 'The requested resource is not available.', requestId: missing.headers['x-correlation-id'] });
    const echoed = await gw.request('/echo/a');
    expect(echoed.json<Echo>().headers['x-correlation-id']).toBe(echoed.headers['x-correlation-id']);
  });
});
