import type { IncomingHttpHeaders } from 'node:http';
import { stringify } from 'yaml';
import {
  describeWithCcFixtures,
  echoHandler,
  openFixture,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  withRootKeys,
} from '#testing';

const ok = { responses: { '200': { description: 'ok' } } };

/** The headers a browser sends before a cross-origin POST with an Authorization header. */
const preflightFrom = (origin: string, method = 'POST') => ({
  origin,
  'access-control-request-method': method,
  'access-control-request-headers': 'authorization,content-type',
});

function corsDocument(backendUrl: string, cors: Record<string, unknown> | undefined, basePath = '/cors'): string {
  return stringify({
    openapi: '3.0.3',
    info: { title: `Cors${basePath.replace(/\W/g, '')}`, version: 'v1' },
    'x-wso2-basePath': basePath,
    'x-wso2-production-endpoints': { urls: [backendUrl] },
    ...(cors === undefined ? {} : { 'x-wso2-cors': cors }),
    paths: {
      '/pets/{id}': { get: ok, post: ok },
      '/open': { 'x-wso2-disable-security': true, get: ok },
      '/with-options': { 'x-wso2-disable-security': true, get: ok, options: ok },
    },
  });
}

const APP_CORS = {
  accessControlAllowOrigins: ['https://app.example', 'https://*.wild.example'],
  accessControlAllowMethods: ['GET', 'POST'],
  accessControlAllowHeaders: ['Authorization', 'Content-Type'],
  accessControlExposeHeaders: ['X-Trace'],
  accessControlAllowCredentials: true,
};

async function deploy(gw: TestGateway, doc: string) {
  return gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
}

const corsHeadersOf = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'));

describe('OPTIONS and CORS (spec §2, §5.3; x-wso2-cors and dataPlane.cors)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend((req, res, body) => {
      res.setHeader('vary', 'Accept-Encoding');
      res.setHeader('access-control-allow-origin', 'https://backend-says.example');
      echoHandler(req, res, body);
    });
    gw = await startTestGateway();
    expect((await deploy(gw, corsDocument(backend.url, APP_CORS))).status).toBe(201);
    expect((await deploy(gw, corsDocument(backend.url, undefined, '/global'))).status).toBe(201);
    expect((await deploy(gw, corsDocument(backend.url, { ...APP_CORS, corsConfigurationEnabled: false }, '/disabled'))).status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  const calls = () => backend.requests.length;

  it('answers a preflight from an allowed origin itself: no credentials needed, no backend call', async () => {
    const before = calls();
    const res = await gw.request('/cors/pets/1', { method: 'OPTIONS', headers: preflightFrom('https://app.example') });
    expect(res.status).toBe(200);
    expect(corsHeadersOf(res.headers)).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'Authorization,Content-Type',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    expect(calls()).toBe(before);
  });

  it('allows wildcard subdomains, and nothing that only looks like one', async () => {
    const allowed = await gw.request('/cors/pets/1', { method: 'OPTIONS', headers: preflightFrom('https://a.b.wild.example') });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://a.b.wild.example');
    for (const origin of ['https://wild.example.evil.com', 'https://evil.com:443@x.wild.example', 'http://app.example']) {
      const refused = await gw.request('/cors/pets/1', { method: 'OPTIONS', headers: preflightFrom(origin) });
      expect(refused.status).toBe(204);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('treats a preflight from another origin as a plain OPTIONS: 204 with Allow', async () => {
    const res = await gw.request('/cors/pets/1', { method: 'OPTIONS', headers: preflightFrom('https://other.example') });
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, OPTIONS');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBe('Origin');
  });

  it('adds the CORS headers to actual responses for an allowed origin, replacing the backend\'s, and merges Vary', async () => {
    const res = await gw.request('/cors/open', { headers: { origin: 'https://app.example' } });
    expect(res.status).toBe(200);
    expect(corsHeadersOf(res.headers)).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Trace',
      vary: 'Accept-Encoding, Origin',
    });
    const other = await gw.request('/cors/open', { headers: { origin: 'https://other.example' } });
    expect(other.headers['access-control-allow-origin']).toBe('https://backend-says.example');
    expect(other.headers.vary).toBe('Accept-Encoding, Origin');
  });

  it('adds them to gateway errors too, so a browser can read a 401', async () => {
    const res = await gw.request('/cors/pets/1', { headers: { origin: 'https://app.example' } });
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('forwards OPTIONS to a resource that declares it, unless it is an allowed preflight', async () => {
    const forwarded = await gw.request('/cors/with-options', { method: 'OPTIONS' });
    expect(forwarded.status).toBe(200);
    expect(forwarded.json()).toMatchObject({ method: 'OPTIONS', url: '/with-options' });
    const preflight = await gw.request('/cors/with-options', { method: 'OPTIONS', headers: preflightFrom('https://app.example', 'GET') });
    expect(preflight.status).toBe(200);
    expect(preflight.text).toBe('');
  });

  it('applies the gateway policy to APIs without x-wso2-cors or with it disabled: any origin, never with credentials', async () => {
    for (const base of ['/global', '/disabled']) {
      const res = await gw.request(`${base}/pets/1`, { method: 'OPTIONS', headers: preflightFrom('https://anyone.example') });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET,PUT,POST,DELETE,PATCH,OPTIONS');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      const actual = await gw.request(`${base}/open`, { headers: { origin: 'https://anyone.example' } });
      expect(actual.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('echoes the origin instead of * when credentials are allowed, and warns at deploy', async () => {
    const res = await deploy(gw, corsDocument(backend.url, { accessControlAllowOrigins: ['*'], accessControlAllowCredentials: true }, '/reflect'));
    expect(res.status).toBe(201);
    expect(res.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toContain('cors.any-origin-with-credentials');
    const preflight = await gw.request('/reflect/pets/1', { method: 'OPTIONS', headers: preflightFrom('https://anyone.example') });
    expect(preflight.headers['access-control-allow-origin']).toBe('https://anyone.example');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  });

  it('refuses a malformed x-wso2-cors with 422 cors.invalid, changing nothing', async () => {
    const res = await deploy(gw, corsDocument(backend.url, { accessControlAllowOrigins: 'https://app.example', accessControlAllowCredentials: 'yes' }, '/broken'));
    expect(res.status).toBe(422);
    const problems = res.json<{ problems: { code: string; location: string }[] }>().problems;
    expect(problems.map((p) => [p.code, p.location])).toEqual([
      ['cors.invalid', 'definition#/x-wso2-cors/accessControlAllowOrigins'],
      ['cors.invalid', 'definition#/x-wso2-cors/accessControlAllowCredentials'],
    ]);
    expect((await gw.request('/broken/open')).status).toBe(404);
    expect((await gw.request('/cors/open')).status).toBe(200);
  });
});

describe('gateway CORS switched off (dataPlane.cors.enabled: false)', () => {
  it('answers preflights as plain OPTIONS and adds no CORS headers', async () => {
    const backend = await startBackend();
    const gw = await startTestGateway({ settings: { dataPlane: { cors: { enabled: false } } } });
    try {
      expect((await deploy(gw, corsDocument(backend.url, undefined, '/plain'))).status).toBe(201);
      const res = await gw.request('/plain/pets/1', { method: 'OPTIONS', headers: preflightFrom('https://app.example') });
      expect(res.status).toBe(204);
      expect(corsHeadersOf(res.headers)).toEqual({});
      const actual = await gw.request('/plain/open', { headers: { origin: 'https://app.example' } });
      expect(corsHeadersOf(actual.headers)).toEqual({});
    } finally {
      await gw.destroy();
      await backend.close();
    }
  });
});

describeWithCcFixtures("Choreo Connect's CORS and OPTIONS test cases (CorsTestCase, AllHttpMethodsForWildcardTestCase)", () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    // The CORS fixture names its backend by `host:` (OpenAPI 2.0), which only the endpoint extension can move.
    const cors = withRootKeys(openFixture('integration/openAPIs/cors_openAPI.yaml', backend.url), {
      'x-wso2-production-endpoints': { urls: [`${backend.url}/v2`] },
    });
    expect((await deploy(gw, cors)).status).toBe(201);
    expect((await deploy(gw, openFixture('integration/openAPIs/all_http_methods_for_wildcard_openAPI.yaml', backend.url))).status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('answers the preflight of an allowed origin with the API policy', async () => {
    const res = await gw.request('/cors/pet/1', { method: 'OPTIONS', headers: { origin: 'http://test1.com', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://test1.com');
    expect(res.headers['access-control-allow-methods']).toBe('GET,PUT,POST');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization,X-PINGOTHER');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('adds the simple-response headers, also for a wildcard subdomain', async () => {
    const res = await gw.request('/cors/pet/1', { headers: { origin: 'http://test2.com' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://test2.com');
    expect(res.headers['access-control-expose-headers']).toBe('X-Custom-Header');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const wildcard = await gw.request('/cors/pet/1', { headers: { origin: 'http://foo.wildcard.com' } });
    expect(wildcard.headers['access-control-allow-origin']).toBe('http://foo.wildcard.com');
  });

  it('adds nothing for an origin that is not allowed: simple 200, preflight 204', async () => {
    const simple = await gw.request('/cors/pet/1', { headers: { origin: 'http://notAllowedOrigin.com' } });
    expect(simple.status).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await gw.request('/cors/pet/1', { method: 'OPTIONS', headers: { origin: 'http://notAllowedOrigin.com', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(corsHeadersOf(preflight.headers)).toEqual({ vary: 'Origin' });
  });

  it('does not list a method the policy does not allow', async () => {
    const res = await gw.request('/cors/pet/1', { method: 'OPTIONS', headers: { origin: 'http://test1.com', 'access-control-request-method': 'DELETE' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-methods']).not.toContain('DELETE');
  });

  it('answers OPTIONS on a /* resource declaring every other method with all of them in Allow', async () => {
    const before = backend.requests.length;
    const res = await gw.request('/all_http_methods_for_wildcard/anything/below', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, PUT, POST, DELETE, HEAD, PATCH, OPTIONS');
    expect(backend.requests.length).toBe(before);
  });
});
