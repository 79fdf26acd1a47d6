import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { echoHandler, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { type CollectedSpan, startTestCollector, type TestCollector } from '../libs/observability/src/tracing/otlp-collector.spec-support.js';
import { deployApi, endpointSetApi } from './support/endpoint-set-api.js';

/**
 * Issue 21 item 5: W3C `traceparent` to the backends, spans over OTLP/HTTP JSON. A real gateway,
 * a real backend that records the `traceparent` it gets, and a real OTLP receiver: each request is
 * a SERVER span (continuing the caller's trace) with one CLIENT child span per try, and the
 * backend's `traceparent` names that child.
 */

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** Long enough for several exports (every 100 ms): what has not arrived by then was not sent. */
const QUIET_MS = 500;

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const quiet = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

const tracingOn = (collector: TestCollector, more: Record<string, unknown> = {}) => ({
  upstream: { retry: { baseIntervalMs: 1 } },
  tracing: { enabled: true, otlpEndpoint: collector.url, exportIntervalMs: 100, serviceName: 'portico-under-test', headers: { 'x-collector-key': 'k1' }, ...more },
});

/** The `traceparent` the backend got with its last request, split. */
function lastTraceparent(backend: TestBackend): { value: string; traceId: string; parentId: string; flags: string } {
  const value = String(backend.requests.at(-1)?.headers.traceparent);
  const match = TRACEPARENT.exec(value);
  if (match === null) throw new Error(`the backend got no valid traceparent: ${value}`);
  return { value, traceId: match[1], parentId: match[2], flags: match[3] };
}

/** The server span and the client spans (by attempt) of a trace. */
function split(spans: readonly CollectedSpan[]): { server: CollectedSpan; clients: CollectedSpan[] } {
  const server = spans.filter((span) => span.kind === SERVER);
  expect(server).toHaveLength(1);
  const clients = spans.filter((span) => span.kind === CLIENT).sort((a, b) => Number(a.attributes['portico.attempt']) - Number(b.attributes['portico.attempt']));
  return { server: server[0], clients };
}

async function closedPort(): Promise<number> {
  const gone = await startBackend();
  await gone.close();
  return gone.port;
}

describe('tracing on, every request sampled', () => {
  let collector: TestCollector;
  let backend: TestBackend;
  let gw: TestGateway;
  let closed: number;

  beforeAll(async () => {
    collector = await startTestCollector();
    backend = await startBackend((req, res, body) => {
      if (req.url?.includes('/unavailable') === true) res.writeHead(503).end('down for maintenance');
      else if (req.url?.startsWith('/slow') === true) setTimeout(() => echoHandler(req, res, body), 1000);
      else echoHandler(req, res, body);
    });
    closed = await closedPort();
    gw = await startTestGateway({ settings: tracingOn(collector) });
    await deployApi(gw, openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`], paths: { '/pets/{id}': ['get'], '/*': ['get'] } }));
    await deployApi(gw, endpointSetApi('Failover', '/failover', { urls: [`http://127.0.0.1:${closed}`, `${backend.url}/v2`], type: 'failover', 'x-portico-health-check': { enabled: false } }));
    await deployApi(gw, openApiDocument({ title: 'Down', basePath: '/down', production: [`http://127.0.0.1:${closed}`] }));
    await deployApi(gw, endpointSetApi('Slow', '/slow-api', { urls: [`${backend.url}/slow`], advanceEndpointConfig: { timeoutInMillis: 150 } }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    await collector?.close();
  });

  it('makes the request a SERVER span whose CLIENT child is the backend call, named in the backend traceparent', async () => {
    const res = await gw.request('/echo/pets/7?token=secret');
    expect(res.status).toBe(200);
    const sent = lastTraceparent(backend);
    expect(sent.flags).toBe('01');
    const { server, clients } = split(await collector.trace(sent.traceId, 2));
    expect(clients).toHaveLength(1);
    const [client] = clients;
    expect([client.spanId, client.parentSpanId]).toEqual([sent.parentId, server.spanId]);
    expect(server.parentSpanId ?? '').toBe('');
    expect(server).toMatchObject({
      name: 'GET /echo/pets/{id}',
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/echo/pets/7',
        'http.route': '/echo/pets/{id}',
        'http.response.status_code': 200,
        'client.address': '127.0.0.1',
        'portico.request_id': res.headers['x-request-id'],
        'portico.api.name': 'Echo',
        'portico.api.version': '1.0.0',
        'portico.cluster': expect.any(String),
        'portico.attempts': 1,
      },
    });
    expect(server.status?.code ?? 0).toBe(0);
    expect(client).toMatchObject({
      name: 'HTTP GET',
      attributes: {
        'http.request.method': 'GET',
        'url.full': `${backend.url}/v1`,
        'server.address': '127.0.0.1',
        'server.port': backend.port,
        'portico.attempt': 1,
        'http.response.status_code': 200,
      },
    });
    expect(client.status?.code ?? 0).toBe(0);
    // The backend call lies within the request.
    expect(BigInt(client.startTimeUnixNano) >= BigInt(server.startTimeUnixNano)).toBe(true);
    expect(BigInt(client.endTimeUnixNano) <= BigInt(server.endTimeUnixNano)).toBe(true);
    expect(BigInt(server.endTimeUnixNano) > BigInt(server.startTimeUnixNano)).toBe(true);
    expect(server.resource).toEqual({ 'service.name': 'portico-under-test', 'service.version': VERSION, 'host.name': hostname(), 'process.pid': process.pid });
    expect(server.scope).toEqual({ name: 'portico', version: VERSION });
    expect(collector.exports.at(-1)).toMatchObject({ 'content-type': 'application/json', 'x-collector-key': 'k1' });
  });

  it("continues a caller's sampled trace: same trace id, the server span a child of the caller's span", async () => {
    const [traceId, callerSpan] = [hex(16), hex(8)];
    expect((await gw.request('/echo/pets/8', { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } })).status).toBe(200);
    const sent = lastTraceparent(backend);
    expect([sent.traceId, sent.flags]).toEqual([traceId, '01']);
    expect(sent.parentId).not.toBe(callerSpan);
    const { server, clients } = split(await collector.trace(traceId, 2));
    expect(server.parentSpanId).toBe(callerSpan);
    expect([clients[0].spanId, clients[0].parentSpanId]).toEqual([sent.parentId, server.spanId]);
  });

  it("follows a caller's unsampled flag: nothing recorded, but the backend gets the trace with the gateway's span id and 00", async () => {
    const [traceId, callerSpan] = [hex(16), hex(8)];
    expect((await gw.request('/echo/pets/9', { headers: { traceparent: `00-${traceId}-${callerSpan}-00` } })).status).toBe(200);
    const sent = lastTraceparent(backend);
    expect([sent.traceId, sent.flags]).toEqual([traceId, '00']);
    expect(sent.parentId).not.toBe(callerSpan);
    await quiet();
    expect(collector.spans.filter((span) => span.traceId === traceId)).toEqual([]);
  });

  it('starts a new trace for an invalid traceparent, without the caller tracestate', async () => {
    const invalid = `00-${'0'.repeat(32)}-${hex(8)}-01`;
    expect((await gw.request('/echo/x', { headers: { traceparent: invalid, tracestate: 'vendor=1' } })).status).toBe(200);
    const sent = lastTraceparent(backend);
    expect(backend.requests.at(-1)?.headers.tracestate).toBeUndefined();
    expect(sent.traceId).not.toBe('0'.repeat(32));
    const { server } = split(await collector.trace(sent.traceId, 2));
    expect([server.name, server.parentSpanId ?? '', server.attributes['http.route']]).toEqual(['GET /echo/*', '', '/echo/*']);
  });

  it('gives a retried request one client span per try: the refused member, then the one that answered', async () => {
    const res = await gw.request('/failover/orders');
    expect(res.status).toBe(200);
    const sent = lastTraceparent(backend);
    const { server, clients } = split(await collector.trace(sent.traceId, 3));
    expect(clients.map((client) => client.parentSpanId)).toEqual([server.spanId, server.spanId]);
    expect(clients[0]).toMatchObject({
      attributes: { 'url.full': `http://127.0.0.1:${closed}/`, 'server.port': closed, 'portico.attempt': 1, 'error.type': 'connect' },
      status: { code: ERROR, message: 'connect' },
    });
    expect(clients[1]).toMatchObject({ spanId: sent.parentId, attributes: { 'url.full': `${backend.url}/v2`, 'portico.attempt': 2, 'http.response.status_code': 200 } });
    expect(server.attributes).toMatchObject({ 'portico.attempts': 2, 'http.response.status_code': 200 });
    expect(server.status?.code ?? 0).toBe(0);
  });

  it.each([
    ['a member refusing connections (503)', '/down/x', 503, 'connect'],
    ['the route timeout (504)', '/slow-api/x', 504, undefined],
  ])('marks %s as an error on both spans', async (_, path, status, failure) => {
    const traceId = hex(16);
    const res = await gw.request(path, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
    expect(res.status).toBe(status);
    const code = res.json<{ code: string }>().code;
    const { server, clients } = split(await collector.trace(traceId, 2));
    expect(server).toMatchObject({ attributes: { 'http.response.status_code': status, 'portico.error_code': code }, status: { code: ERROR, message: code } });
    expect(clients).toHaveLength(1);
    expect(clients[0].status?.code).toBe(ERROR);
    if (failure !== undefined) expect(clients[0].attributes['error.type']).toBe(failure);
  });

  it("marks a backend's own 503 as an error, with its status on both spans", async () => {
    const traceId = hex(16);
    expect((await gw.request('/echo/unavailable', { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } })).status).toBe(503);
    const { server, clients } = split(await collector.trace(traceId, 2));
    expect(server).toMatchObject({ attributes: { 'http.response.status_code': 503 }, status: { code: ERROR } });
    expect(server.attributes['portico.error_code']).toBeUndefined();
    expect(clients[0]).toMatchObject({ attributes: { 'http.response.status_code': 503 }, status: { code: ERROR } });
  });

  it('records requests that reach no backend as a lone server span', async () => {
    const traceId = hex(16);
    expect((await gw.request('/nowhere', { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } })).status).toBe(404);
    const { server, clients } = split(await collector.trace(traceId, 1));
    expect(clients).toEqual([]);
    expect(server).toMatchObject({ name: 'GET', attributes: { 'http.response.status_code': 404, 'portico.error_code': expect.any(String) } });
    expect(server.status?.code ?? 0).toBe(0);
  });
});

describe('tracing on with sampleRatio 0', () => {
  let collector: TestCollector;
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    collector = await startTestCollector();
    backend = await startBackend();
    gw = await startTestGateway({ settings: tracingOn(collector, { sampleRatio: 0 }) });
    await deployApi(gw, openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`] }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    await collector?.close();
  });

  it('records nothing for a request without a parent, yet sends the backend a new, unsampled traceparent', async () => {
    expect((await gw.request('/echo/a')).status).toBe(200);
    const first = lastTraceparent(backend);
    expect((await gw.request('/echo/b')).status).toBe(200);
    const second = lastTraceparent(backend);
    expect([first.flags, second.flags]).toEqual(['00', '00']);
    expect(second.traceId).not.toBe(first.traceId);
    await quiet();
    expect(collector.spans).toEqual([]);
  });

  it("still records a caller's sampled trace", async () => {
    const traceId = hex(16);
    expect((await gw.request('/echo/c', { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } })).status).toBe(200);
    expect(lastTraceparent(backend)).toMatchObject({ traceId, flags: '01' });
    expect(split(await collector.trace(traceId, 2)).clients).toHaveLength(1);
  });
});
