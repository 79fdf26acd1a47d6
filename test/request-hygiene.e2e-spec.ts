import { connect } from 'node:net';
import { stringify } from 'yaml';
import { startPathResolvingBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

interface Served {
  received: string;
  served: string;
}

const ok = { responses: { '200': { description: 'ok' } } };

/** `/open/*` and `/items/{id}` open, `/secret/*` secured, in front of `<backend>/base`. */
function apiDocument(backendUrl: string): string {
  return stringify({
    openapi: '3.0.3',
    info: { title: 'Mixed', version: 'v1' },
    'x-wso2-basePath': '/api/v1',
    'x-wso2-production-endpoints': { urls: [`${backendUrl}/base`] },
    paths: {
      '/open/*': { 'x-wso2-disable-security': true, get: ok },
      '/items/{id}': { 'x-wso2-disable-security': true, get: ok },
      '/secret/*': { get: ok },
    },
  });
}

/** `/*` open, in front of `<backend>/public/area`. */
function wildDocument(backendUrl: string): string {
  return stringify({
    openapi: '3.0.3',
    info: { title: 'Wild', version: 'v1' },
    'x-wso2-basePath': '/wild/v1',
    'x-wso2-disable-security': true,
    'x-wso2-production-endpoints': { urls: [`${backendUrl}/public/area`] },
    paths: { '/*': { get: ok } },
  });
}

async function gatewayWith(backend: TestBackend, settings: Record<string, unknown> = {}): Promise<TestGateway> {
  const gw = await startTestGateway({ settings });
  for (const doc of [apiDocument(backend.url), wildDocument(backend.url)]) {
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
    expect(res.status).toBe(201);
  }
  return gw;
}

describe('request targets: paths normalised before matching (RFC 3986 §5.2.4), Host checked (RFC 9112 §3.2)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startPathResolvingBackend();
    gw = await gatewayWith(backend);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  const backendSaw = (fragment: string) => backend.requests.some((r) => r.url.includes(fragment));

  it('resolves dot segments before matching, so .. never leaves the API or its endpoint base path', async () => {
    const res = await gw.request('/wild/v1/../../secret');
    expect(res.status).toBe(404);
    expect(backendSaw('secret')).toBe(false);
    const inside = await gw.request('/wild/v1/a/./b/../c/%2e%2e/d');
    expect(inside.json<Served>()).toEqual({ received: '/public/area/a/d', served: '/public/area/a/d' });
  });

  it.each(['/api/v1/open/../secret/x', '/api/v1/open/%2e%2e/secret/x', '/api/v1/open/.%2E/secret/x', '/api/v1/items/../secret/x'])(
    '%s is checked as the secured resource it resolves to (401), never forwarded',
    async (path) => {
      const res = await gw.request(path);
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ code: '900901' });
      expect(backendSaw('secret')).toBe(false);
    },
  );

  it.each([
    ['/api/v1/items/..%2Fsecret%2Fx', '103461'],
    ['/api/v1/items/..%2F..%2F..%2Fetc%2Fpasswd', '103461'],
    ['/api/v1/items/a%5Cb', '103461'],
    ['/api/v1/items/a\\b', '103461'],
    ['/api/v1/items/%00', '103460'],
    ['/api/v1/items/%zz', '103460'],
    ['/api/v1/items/abc%4', '103460'],
    ['/api/v1/items/..;jsessionid=1', '103462'],
  ])('%s is refused with 400 %s', async (path, code) => {
    const res = await gw.request(path);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code });
    expect(backendSaw('items')).toBe(false);
  });

  it('keeps whatever reaches the backend under the endpoint base path', async () => {
    const tricks = ['/wild/v1/..', '/wild/v1/%2e%2e/%2e%2e/x', '/wild/v1/a/../../../x', '/wild/v1/./../wild/v1/y', '/wild/v1//..//..//z'];
    for (const path of tricks) {
      const res = await gw.request(path);
      if (res.status === 200) expect(res.json<Served>().served).toMatch(/^\/public\/area(\/|$)/);
      else expect([400, 404]).toContain(res.status);
    }
  });

  it('merges slashes and decodes escaped unreserved characters before matching', async () => {
    const res = await gw.request('/api//v1///open/%41b%7e?q=%2F');
    expect(res.json<Served>().received).toBe('/base/open/Ab~?q=%2F');
  });

  it('never lets a path parameter match a dot segment', async () => {
    expect((await gw.request('/api/v1/items/..')).status).toBe(404);
    expect((await gw.request('/api/v1/items/.')).status).toBe(404);
  });

  describe('Host header hygiene (RFC 9112 §3.2)', () => {
    /** Sends raw bytes on a new connection and returns everything the gateway answers. */
    const raw = (head: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(gw.running.ports.http, '127.0.0.1', () => socket.write(head + '\r\n'));
        let data = '';
        socket.on('data', (c) => (data += c.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
      });

    const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { code: string };

    it.each(['Host: bad host', 'Host: !!', 'Host: user@localhost', 'Host: localhost\r\nHost: evil.example'])(
      'refuses %j with the JSON 400 and forwards nothing',
      async (hostLines) => {
        const before = backend.requests.length;
        const response = await raw(`GET /wild/v1/x HTTP/1.1\r\n${hostLines}\r\nConnection: close\r\n`);
        expect(response).toMatch(/^HTTP\/1\.1 400 /);
        expect(bodyOf(response).code).toBe('103470');
        expect(backend.requests.length).toBe(before);
      },
    );

    it('refuses HTTP/1.1 without Host with a JSON body, and serves HTTP/1.0 without one on the default vhost', async () => {
      const missing = await raw('GET /wild/v1/x HTTP/1.1\r\nConnection: close\r\n');
      expect(missing).toMatch(/^HTTP\/1\.1 400 /);
      expect(bodyOf(missing).code).toBe('103471');
      const old = await raw('GET /wild/v1/x HTTP/1.0\r\n');
      expect(old).toMatch(/^HTTP\/1\.1 200 /);
    });

    it('accepts host names, ports and IP literals', async () => {
      for (const host of ['localhost:9090', 'LOCALHOST', '127.0.0.1:80', '[::1]:9090', 'api.example.com.']) {
        const response = await raw(`GET /wild/v1/x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`);
        expect(response).toMatch(/^HTTP\/1\.1 200 /);
      }
    });
  });
});

describe('escaped slashes when configured to keep or unescape them (dataPlane.escapedSlashes)', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startPathResolvingBackend();
  });

  afterAll(async () => {
    await backend.close();
  });

  it('unescape: %2F becomes a slash before normalisation, so ..%2F is resolved and checked', async () => {
    const gw = await gatewayWith(backend, { dataPlane: { escapedSlashes: 'unescape' } });
    try {
      expect((await gw.request('/api/v1/items/..%2Fsecret%2Fx')).status).toBe(401);
      expect((await gw.request('/wild/v1/a%2Fb')).json<Served>().received).toBe('/public/area/a/b');
    } finally {
      await gw.destroy();
    }
  });

  it('keep: %2F is forwarded escaped, and a segment hiding .. behind it is refused', async () => {
    const gw = await gatewayWith(backend, { dataPlane: { escapedSlashes: 'keep' } });
    try {
      expect((await gw.request('/api/v1/items/a%2fb')).json<Served>().received).toBe('/base/items/a%2Fb');
      const hidden = await gw.request('/api/v1/items/..%2Fsecret%2Fx');
      expect(hidden.status).toBe(400);
      expect(hidden.json()).toMatchObject({ code: '103462' });
    } finally {
      await gw.destroy();
    }
  });
});
