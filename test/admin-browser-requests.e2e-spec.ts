import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ADMIN_AUTH, call, type CallResult, startTestGateway, type TestGateway } from '#testing';
import { ADAPTER_BASE, PORTICO_BASE } from './support/admin-api.js';

/**
 * Issue 14 item 4: a web page must not drive the admin API through the browser of someone on
 * the admin's machine — not by DNS rebinding (its own name pointed at 127.0.0.1), not by a
 * cross-origin form or fetch, not with a body type browsers send without asking first.
 */

const APIS = `${PORTICO_BASE}/apis`;
const TOKEN = `${ADAPTER_BASE}/oauth2/token`;
const DOCUMENT = [
  'openapi: 3.0.3',
  'info: { title: Planted, version: v1 }',
  'x-wso2-basePath: /planted',
  'x-wso2-production-endpoints: { urls: ["https://backend.example.com/api"] }',
  'paths: { /x: { get: {} } }',
  '',
].join("\n");

describe('browser requests to the admin API (issue 14 item 4)', () => {
  let gw: TestGateway;
  let port: number;
  let warnings: string[];

  beforeAll(async () => {
    gw = await startTestGateway({ settings: { admin: { allowedHosts: ['admin.example.internal'], allowedOrigins: ['https://ops.example.com'] } } });
    port = gw.running.ports.admin!;
  });
  afterAll(() => gw.destroy());

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  /** An admin request with the built-in credentials (a browser that has them cached sends them too). */
  function admin(method: string, path: string, headers: Record<string, string>, body?: string): Promise<CallResult> {
    return call({ port, method, path, headers: { authorization: ADMIN_AUTH, ...headers }, body });
  }

  function expectRefused(res: CallResult, status: number, code: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ status, code });
  }

  async function notDeployed(): Promise<void> {
    expect((await gw.admin(`${APIS}/Planted/v1`)).status).toBe(404);
  }

  it('refuses a DNS-rebinding page: same-origin to the browser, but its Host is no admin host name (421)', async () => {
    const attacker = `rebind.attacker.example:${port}`;
    const res = await admin('POST', APIS, { host: attacker, origin: `http://${attacker}`, 'content-type': 'application/yaml' }, DOCUMENT);
    expectRefused(res, 421, 'admin.host-not-allowed');
    expect(res.json<{ message: string }>().message).toBe(
      'Host rebind.attacker.example is not an admin host name; the admin API answers localhost, 127.0.0.1, [::1], admin.example.internal (add names to admin.allowedHosts)',
    );
    await notDeployed();
  });

  it('refuses foreign Host names on every route, credentials or not, and logs them throttled', async () => {
    for (const host of ['evil.example', 'evil.example:9843', 'localhost.evil.example', '127.0.0.1.nip.io:80', '[::2]:9843']) {
      expectRefused(await admin('GET', APIS, { host }), 421, 'admin.host-not-allowed');
    }
    expectRefused(await call({ port, path: '/portico/v1/openapi.json', headers: { host: 'evil.example' } }), 421, 'admin.host-not-allowed');
    const token = await call({ port, method: 'POST', path: TOKEN, headers: { host: 'evil.example', 'content-type': 'application/json' }, body: '{"username":"admin","password":"admin"}' });
    expectRefused(token, 421, 'admin.host-not-allowed');
    // Seven refusals, one line now; the others are counted into one line a minute later.
    expect(warnings.filter((w) => w.includes('421 admin.host-not-allowed'))).toEqual([
      `Refused admin request: 421 admin.host-not-allowed; Host evil.example is not an admin host name; the admin API answers localhost, 127.0.0.1, [::1], admin.example.internal (add names to admin.allowedHosts); client 127.0.0.1; GET ${APIS}`,
    ]);
  });

  it('answers loopback names, admin.host and admin.allowedHosts on any port', async () => {
    for (const host of ['localhost', `localhost:${port}`, 'LOCALHOST:1', '127.0.0.1', `[::1]:${port}`, 'admin.example.internal:443']) {
      expect([host, (await admin('GET', APIS, { host })).status]).toEqual([host, 200]);
    }
  });

  it('refuses cross-origin browser requests (403), with or without credentials, and accepts its own and the allowed origins', async () => {
    const own = `localhost:${port}`;
    for (const origin of ['https://evil.example', 'null', `http://localhost:${port + 1}`, `https://${own}`, 'https://ops.example.com:8443']) {
      const res = await admin('POST', APIS, { host: own, origin, 'content-type': 'application/yaml' }, DOCUMENT);
      expect([origin, res.status]).toEqual([origin, 403]);
      expect(res.json()).toMatchObject({ code: 'admin.origin-not-allowed' });
    }
    await notDeployed();
    const login = await call({ port, method: 'POST', path: TOKEN, headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"username":"admin","password":"admin"}' });
    expectRefused(login, 403, 'admin.origin-not-allowed');

    expect((await admin('GET', APIS, { host: own, origin: `http://${own}` })).status).toBe(200);
    expect((await admin('GET', APIS, { host: own, origin: 'https://ops.example.com' })).status).toBe(200);
  });

  it('refuses what browsers mark as coming from another site when they send no Origin (an <img>, a <script>)', async () => {
    for (const site of ['cross-site', 'same-site']) expectRefused(await admin('GET', `${APIS}/Planted/v1/definition`, { 'sec-fetch-site': site }), 403, 'admin.origin-not-allowed');
    for (const site of ['same-origin', 'none']) expect((await admin('GET', APIS, { 'sec-fetch-site': site })).status).toBe(200);
  });

  it('accepts only the documented body types on state-changing routes: no text/plain, form or multipart where a browser could send them unasked (415)', async () => {
    const simple = ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
    for (const type of simple) {
      for (const [method, path] of [['POST', APIS], ['PUT', `${APIS}/Planted/v1`]]) {
        const res = await admin(method, path, { 'content-type': type }, DOCUMENT);
        expect([type, method, res.status]).toEqual([type, method, 415]);
        expect(res.json<{ message: string }>().message).toMatch(/^unsupported Content-Type .*: send one of application\/json, application\/yaml/);
      }
    }
    await notDeployed();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await admin('POST', `${ADAPTER_BASE}/apis`, { 'content-type': type }, 'file=x');
      expect(res.json()).toMatchObject({ status: 415, code: 'admin.media-type-unsupported', message: expect.stringContaining('send one of multipart/form-data') });
    }
    const withBody = await admin('DELETE', `${APIS}/Planted/v1`, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' }, 'a=b');
    expect(withBody.json()).toMatchObject({ status: 415, message: 'DELETE /portico/v1/apis/:name/:version takes no request body' });
    expect((await admin('POST', APIS, { 'content-type': 'application/yaml' }, DOCUMENT)).status).toBe(201);
  });
});
