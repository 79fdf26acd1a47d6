import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { call, echoHandler, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Backend routes the tests need besides the echo. */
function backendHandler(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  if (req.url === '/v1/slow') {
    setTimeout(() => res.end('late'), 2000).unref();
  } else if (req.url === '/v1/terminate') {
    req.socket.destroy();
  } else if (req.url === '/v1/error') {
    res.writeHead(500, { 'content-type': 'text/plain', 'x-backend-error': 'yes' });
    res.end('backend exploded');
  } else if (req.url === '/v1/cookies') {
    res.writeHead(200, [['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['connection', 'keep-alive'], ['keep-alive', 'timeout=5']].flat());
    res.end('ok');
  } else {
    echoHandler(req, res, body);
  }
}

const deploy = (gw: TestGateway, doc: string) =>
  gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });

describe('data plane: forwarding, headers and errors (spec §5.4, §5.6, §16)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend(backendHandler);
    gw = await startTestGateway({ settings: { dataPlane: { limits: { maxRequestBodyBytes: 1024 * 1024, maxHeaderBytes: 8192 } } } });
    expect((await deploy(gw, openApiDocument({ title: 'Echo', basePath: '/echo/1.0', production: [`${backend.url}/v1`] }))).status).toBe(201);
    const timeout = openApiDocument({
      title: 'Slow',
      basePath: '/slow',
      extra: { 'x-wso2-production-endpoints': { urls: [`${backend.url}/v1`], advanceEndpointConfig: { timeoutInMillis: 300 } } },
    });
    expect((await deploy(gw, timeout)).status).toBe(201);
    expect((await deploy(gw, openApiDocument({ title: 'Dead', basePath: '/dead', production: ['http://127.0.0.1:1/x'] }))).status).toBe(201);
    expect((await deploy(gw, openApiDocument({ title: 'Secured', basePath: '/secured', production: [backend.url], open: false }))).status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('forwards method, path, query and body, rewriting Host and adding forwarding headers', async () => {
    const res = await gw.request('/echo/1.0/items/7?q=a%20b&x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1', 'x-custom': 'kept' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-backend']).toBe('echo');
    const echo = res.json<Echo>();
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/v1/items/7?q=a%20b&x=1');
    expect(echo.body).toBe('{"a":1}');
    expect(echo.headers.host).toBe(`127.0.0.1:${backend.port}`);
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1'); // the client is no trusted proxy: its value is replaced
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-forwarded-host']).toBe('localhost');
    expect(echo.headers['x-custom']).toBe('kept');
  });

  it('drops hop-by-hop headers and client-sent routing controls both ways', async () => {
    const res = await gw.request('/echo/1.0/cookies', { headers: { connection: 'x-secret', 'x-secret': 's', te: 'trailers', 'x-wso2-cluster-header': 'sandbox', 'x-envoy-max-retries': '10' } });
    const sent = backend.requests.at(-1)!.headers;
    expect(sent['x-secret']).toBeUndefined();
    expect(sent.te).toBeUndefined();
    expect(sent['x-wso2-cluster-header']).toBeUndefined();
    expect(sent['x-envoy-max-retries']).toBeUndefined();
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['keep-alive']).not.toBe('timeout=5');
  });

  it('answers OPTIONS itself where the path item does not declare it: 204 with Allow, no backend call (spec §5.3)', async () => {
    const before = backend.requests.length;
    const res = await gw.request('/secured/cors-check', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS');
    expect(backend.requests.length).toBe(before);
  });

  it('passes backend error responses through unchanged', async () => {
    const res = await gw.request('/echo/1.0/error');
    expect(res.status).toBe(500);
    expect(res.text).toBe('backend exploded');
    expect(res.headers['x-backend-error']).toBe('yes');
  });

  it('answers unknown APIs and undeclared methods with the router 404 body', async () => {
    for (const [path, method] of [['/nope/1.0/x', 'GET'], ['/secured/anything', 'TRACE']]) {
      const res = await gw.request(path, { method });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({ code: '404', message: 'Not Found', description: 'The requested resource is not available.' });
    }
  });

  it('fails closed on resources the definition secures (401, spec §16.1)', async () => {
    const res = await gw.request('/secured/pets');
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"error_message":"Invalid Credentials","code":"900901","error_description":"Make sure you have provided the correct security credentials"}');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="Choreo Connect"/);
    expect(backend.requests.some((r) => r.url.includes('pets'))).toBe(false);
  });

  /** The warn lines the gateway logged while `action` ran. */
  async function warningsDuring(action: () => Promise<unknown>): Promise<string[]> {
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await action();
      return spy.mock.calls.map((args) => String(args[0]));
    } finally {
      spy.mockRestore();
    }
  }

  it('maps a refused connection to 503 102503, with one log line naming the API, endpoint and cause', async () => {
    let status = 0;
    const lines = await warningsDuring(async () => {
      const res = await gw.request('/dead/x');
      status = res.status;
      expect(res.json()).toMatchObject({ code: '102503', message: 'Upstream connection failed' });
    });
    expect(status).toBe(503);
    expect(lines).toEqual([expect.stringMatching(/^upstream failure: 503 102503 for Dead:1\.0\.0 \/\* via http:\/\/127\.0\.0\.1:1\/x \(\/x\/x\): connect: .*ECONNREFUSED/)]);
  });

  it('maps the endpoint timeout to 504 102504, with one log line', async () => {
    const lines = await warningsDuring(async () => {
      const res = await gw.request('/slow/slow');
      expect(res.status).toBe(504);
      expect(res.json()).toEqual({ code: '102504', message: 'Upstream connection timeout', description: 'upstream request timeout' });
    });
    expect(lines).toEqual([expect.stringMatching(/^upstream failure: 504 102504 for Slow:1\.0\.0 \/\* via http:\/\/127\.0\.0\.1:\d+\/v1 \(\/v1\/slow\)/)]);
  });

  it('maps a backend that closes the connection before answering to 503 102510', async () => {
    const res = await gw.request('/echo/1.0/terminate');
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ code: '102510', message: 'Upstream connection termination' });
  });

  it('refuses bodies over the limit with 413, by Content-Length and while streaming chunks', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const declared = await gw.request('/echo/1.0/upload', { method: 'POST', body: big });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ code: '103413' });
    const chunked = await gw.request('/echo/1.0/upload', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    const fine = await gw.request('/echo/1.0/upload', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: 'small' });
    expect(fine.json<Echo>().body).toBe('small');
  });

  /** Sends raw bytes on a new connection and returns everything the gateway answers. */
  const rawExchange = (request: string) =>
    new Promise<string>((resolve) => {
      const socket = connect(gw.running.ports.http, '127.0.0.1', () => socket.write(request));
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });

  it('refuses request heads over the limit with 431', async () => {
    const raw = await rawExchange(`GET /echo/1.0/x HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(16 * 1024)}\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toContain('"code":"103431"');
  });

  it('answers requests that are not HTTP with 400, and absolute-form targets with 404', async () => {
    const garbage = await rawExchange('GARBAGE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('"code":"103400"');
    const absolute = await rawExchange('GET http://elsewhere.example/echo/1.0/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(absolute).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('serves /health and /ready, and the same APIs over HTTPS', async () => {
    expect((await gw.request('/health')).json()).toEqual({ status: 'healthy' });
    expect((await gw.request('/ready')).status).toBe(200);
    const res = await call({ port: gw.running.ports.https!, path: '/echo/1.0/x', tls: true, headers: { host: 'localhost' } });
    expect(res.status).toBe(200);
    expect(res.json<Echo>().headers['x-forwarded-proto']).toBe('https');
  });
});
