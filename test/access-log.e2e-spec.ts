import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { accessLineOf } from './support/access-log-lines.js';
import { RawConnection } from './support/raw-connection.js';
import { deployDefinition, securedDefinition } from './support/secured-api.js';
import { eventually } from './support/waiting.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function deploy(gw: TestGateway, doc: string): Promise<void> {
  expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
}

describe('access log: one line per data-plane request (issue 21 item 2)', () => {
  let backend: TestBackend;
  let gw: TestGateway;
  let file: string;

  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      if (req.url?.startsWith('/v1/hang')) return; // never answers: the client gives up
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    gw = await startTestGateway();
    file = join(gw.dir, 'access.log');
    await deploy(gw, openApiDocument({ title: 'Items', basePath: '/items', production: [`${backend.url}/v1`], paths: { '/things/{id}': ['GET'], '/hang': ['GET'] } }));
    await deploy(gw, openApiDocument({ title: 'Dead', basePath: '/dead', production: ['http://127.0.0.1:1/x'] }));
    await deployDefinition(gw, securedDefinition({ title: 'Locked', basePath: '/locked', backendUrl: `${backend.url}/v1` }));
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('is on by default and writes a JSON line with the route, the cluster, the timings and the bytes', async () => {
    const res = await gw.request('/items/things/42?apikey=secret-value&x=1');
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    const line = await accessLineOf(file, id);
    expect(line).toMatchObject({
      type: 'access',
      requestId: id,
      client: '127.0.0.1',
      method: 'GET',
      path: '/items/things/42',
      status: 200,
      api: 'Items',
      apiVersion: '1.0.0',
      resource: '/things/{id}',
      endpointSet: 'PRODUCTION',
      endpoint: `${backend.url}/v1`,
      attempts: 1,
    });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line.cluster).toMatch(/^[0-9a-f]{12}$/);
    expect(line.upstreamMs).toEqual(expect.any(Number));
    expect(line.durationMs as number).toBeGreaterThanOrEqual(line.upstreamMs as number);
    expect(line.bytesIn as number).toBeGreaterThan(20);
    expect(line.bytesOut as number).toBeGreaterThan(5);
    expect(line.errorCode).toBeUndefined();
    // The query string can carry credentials: it is never logged.
    expect(readFileSync(file, 'utf8')).not.toContain('secret-value');
  });

  it('logs the gateway own answers with their error code: 404 without a route, 401 on a secured resource, 503 for a dead backend', async () => {
    const missing = await gw.request('/nowhere');
    const locked = await gw.request('/locked/pets');
    const dead = await gw.request('/dead/a');
    expect([missing.status, locked.status, dead.status]).toEqual([404, 401, 503]);
    expect(await accessLineOf(file, missing.headers['x-request-id'] as string)).toMatchObject({ status: 404, errorCode: '404', path: '/nowhere' });
    const lockedLine = await accessLineOf(file, locked.headers['x-request-id'] as string);
    expect(lockedLine).toMatchObject({ status: 401, errorCode: '900901', api: 'Locked', resource: '/pets' });
    expect(lockedLine.keyType).toBeUndefined();
    expect(lockedLine.cluster).toBeUndefined();
    const deadLine = await accessLineOf(file, dead.headers['x-request-id'] as string);
    expect(deadLine).toMatchObject({ status: 503, errorCode: '102503', api: 'Dead', endpoint: 'http://127.0.0.1:1/x', attempts: 1 });
    expect(deadLine.upstreamMs).toBeUndefined();
  });

  it('logs a client that went away before the answer as 499, cut', async () => {
    const client = await RawConnection.open(gw.running.ports.http);
    await client.write('GET /items/hang HTTP/1.1\r\nhost: localhost\r\n\r\n');
    await eventually(async () => backend.requests.filter((r) => r.url === '/v1/hang').length, (n) => n === 1);
    client.destroy();
    const lines = await eventually(
      async () => (existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').filter((l) => l.includes('"/items/hang"')),
      (found) => found.length === 1,
    );
    expect(JSON.parse(lines[0])).toMatchObject({ status: 499, cut: true, api: 'Items', resource: '/hang', attempts: 1 });
  });

  it('keeps one valid line per request whatever the path holds', async () => {
    const res = await gw.request('/nowhere/%22%0A%5Cx"y');
    const line = await accessLineOf(file, res.headers['x-request-id'] as string);
    expect(line.status).toBe(res.status);
    for (const text of readFileSync(file, 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(text)).not.toThrow();
  });
});

describe('access log settings', () => {
  it('writes logfmt when asked, and nothing when disabled', async () => {
    const backend = await startBackend();
    const logfmt = await startTestGateway({ settings: { accessLog: { format: 'logfmt' } } });
    const off = await startTestGateway({ settings: { accessLog: { enabled: false } } });
    try {
      for (const gw of [logfmt, off]) await deploy(gw, openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`] }));
      const res = await logfmt.request('/echo/a%20b');
      const id = res.headers['x-request-id'] as string;
      const file = join(logfmt.dir, 'access.log');
      const text = await eventually(async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''), (t) => t.includes(id));
      const line = text.split('\n').find((l) => l.includes(id)) as string;
      expect(line).toMatch(new RegExp(`^type=access time=\\S+ requestId=${id} client=127\\.0\\.0\\.1 method=GET path="/echo/a%20b"|^type=access time=\\S+ requestId=${id} client=127\\.0\\.0\\.1 method=GET path=/echo/a%20b`));
      expect(line).toContain(' status=200 api=Echo apiVersion=1.0.0 resource=/* ');
      expect(line).toMatch(/ attempts=1 upstreamMs=[\d.]+ durationMs=[\d.]+ bytesIn=\d+ bytesOut=\d+$/);

      expect((await off.request('/echo/x')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(join(off.dir, 'access.log'))).toBe(false);
    } finally {
      await logfmt.destroy();
      await off.destroy();
      await backend.close();
    }
  });
});
