import { connect } from 'node:net';
import { echoHandler, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

interface Echo {
  url: string;
  headers: Record<string, string | undefined>;
}

const SPOOFED = {
  'x-forwarded-for': '10.0.0.1',
  forwarded: 'for=10.0.0.1;proto=https',
  'x-real-ip': '10.0.0.1',
  'x-forwarded-host': 'internal.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
};

async function gatewayFor(backend: TestBackend, settings: Record<string, unknown> = {}): Promise<TestGateway> {
  const gw = await startTestGateway({ settings });
  const doc = openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`] });
  expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
  return gw;
}

/** Sends raw bytes on a new connection and returns everything the gateway answers. */
function raw(gw: TestGateway, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(gw.running.ports.http, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
}

describe('proxy header hygiene', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend((req, res, body) => {
      if (req.url === '/v1/hop') {
        res.writeHead(200, { connection: 'x-hop-secret, keep-alive', 'x-hop-secret': 'internal', 'x-kept': 'yes' });
        res.end('ok');
      } else {
        echoHandler(req, res, body);
      }
    });
    gw = await gatewayFor(backend);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('replaces the forwarding headers of a client that is no trusted proxy', async () => {
    const echo = (await gw.request('/echo/x', { headers: SPOOFED })).json<Echo>();
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe('localhost');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers.forwarded).toBeUndefined();
    expect(echo.headers['x-real-ip']).toBeUndefined();
    expect(echo.headers['x-forwarded-port']).toBeUndefined();
  });

  it('marks every request to a backend as coming through the data plane, whatever the client sent', async () => {
    const first = (await gw.request('/echo/x', { headers: { 'x-portico-data-plane': 'forged' } })).json<Echo>();
    const second = (await gw.request('/echo/x')).json<Echo>();
    expect(first.headers['x-portico-data-plane']).toMatch(/^[0-9a-f]{32}$/);
    expect(second.headers['x-portico-data-plane']).toBe(first.headers['x-portico-data-plane']);
  });

  it("never forwards the admin dashboard's session cookie, which browsers send to every port of the host", async () => {
    const mixed = (await gw.request('/echo/c', { headers: { cookie: 'theme=dark; portico_admin=eyJ.session.token; cart=3' } })).json<Echo>();
    expect(mixed.headers.cookie).toBe('theme=dark; cart=3');
    const only = (await gw.request('/echo/c', { headers: { cookie: 'portico_admin=eyJ.session.token' } })).json<Echo>();
    expect(only.headers.cookie).toBeUndefined();
    const similar = (await gw.request('/echo/c', { headers: { cookie: 'portico_admin_theme=1' } })).json<Echo>();
    expect(similar.headers.cookie).toBe('portico_admin_theme=1');
  });

  it('removes response headers the backend names in its Connection header (RFC 9110 §7.6.1)', async () => {
    const res = await gw.request('/echo/hop');
    expect(res.headers['x-hop-secret']).toBeUndefined();
    expect(res.headers['x-kept']).toBe('yes');
  });

  it('answers 431 to a request with more header fields than allowed, instead of cutting them', async () => {
    const before = backend.requests.length;
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-h-${i}`, 'v']));
    const res = await gw.request('/echo/x', { headers: many });
    expect(res.status).toBe(431);
    expect(res.json()).toMatchObject({ code: '103432' });
    expect(backend.requests.length).toBe(before);
    const fine = await gw.request('/echo/x', { headers: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x-h-${i}`, 'v'])) });
    expect(fine.status).toBe(200);
  });

  it('refuses a transfer coding other than a final chunked with 501, as nginx does', async () => {
    const response = await raw(gw, 'POST /echo/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 501 /);
    expect(response).toContain('"code":"103501"');
  });

  it('never forwards a #fragment', async () => {
    const response = await raw(gw, 'GET /echo/x/y#frag?not=query HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(backend.requests.at(-1)!.url).toBe('/v1/x/y');
  });

  it('answers CONNECT with a 405 JSON body instead of closing silently', async () => {
    const response = await raw(gw, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 405 /);
    expect(response).toContain('"code":"103405"');
  });
});

describe('trusted proxies (dataPlane.trustedProxies)', () => {
  it('keeps the forwarding headers of a trusted proxy and appends the client address', async () => {
    const backend = await startBackend();
    const gw = await gatewayFor(backend, { dataPlane: { trustedProxies: ['127.0.0.0/8', '::1'] } });
    try {
      const echo = (await gw.request('/echo/x', { headers: SPOOFED })).json<Echo>();
      expect(echo.headers['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
      expect(echo.headers['x-forwarded-host']).toBe('internal.example');
      expect(echo.headers['x-forwarded-proto']).toBe('https');
      expect(echo.headers.forwarded).toBe('for=10.0.0.1;proto=https');
      expect(echo.headers['x-real-ip']).toBe('10.0.0.1');
    } finally {
      await gw.destroy();
      await backend.close();
    }
  });

  it('refuses a setting that is not an address or range, naming the key', async () => {
    await expect(startTestGateway({ settings: { dataPlane: { trustedProxies: ['10.0.0.0/33'] } } })).rejects.toThrow(/dataPlane\.trustedProxies/);
  });
});
