import { REQUEST_ERRORS } from '#core';
import { basicAuth, type CallResult, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { deployDefinition, refusal, securedDefinition, seen } from './support/secured-api.js';

/**
 * The gateway's own test-token endpoint, `POST /testkey` on the data plane (spec §11.5): a user
 * of `security.testKey.users` gets a token the gateway itself then accepts, with the scopes
 * asked for; anyone else gets Choreo Connect's plain-text refusals.
 */

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('consumer security: POST /testkey (spec §11.5)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  const testKey = (authorization: string | undefined, body = 'scope=read:pets'): Promise<CallResult> =>
    gw.request('/testkey', { method: 'POST', headers: { ...FORM, ...(authorization === undefined ? {} : { authorization }) }, body });
  const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway({ settings: { security: { testKey: { enabled: true, users: [{ username: 'dev', password: 'devpw' }] } } } });
    await deployDefinition(gw, securedDefinition({ title: 'Shop', basePath: '/shop', backendUrl: backend.url, paths: { '/pets': { get: { security: [{ default: ['read:pets'] }] } } } }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
  });

  it('Basic dev:devpw with scope=read:pets → 200 text/plain token, which then calls a resource needing read:pets', async () => {
    const res = await testKey(basicAuth('dev', 'devpw'));
    expect([res.status, res.headers['content-type']]).toEqual([200, 'text/plain']);
    const token = res.text;
    expect(token.split('.')).toHaveLength(3);
    expect(claimsOf(token)).toMatchObject({ iss: 'https://localhost:9095/testkey', sub: 'dev', scope: 'read:pets', keytype: 'PRODUCTION' });

    const call = await gw.request('/shop/pets', { headers: { authorization: `Bearer ${token}` } });
    expect([call.status, call.json<{ url: string }>().url]).toEqual([200, '/pets']);
  });

  it('a token issued without the scope is refused with 403 900910', async () => {
    const res = await testKey(basicAuth('dev', 'devpw'), 'scope=write:pets');
    expect(res.status).toBe(200);
    expect(seen(await gw.request('/shop/pets', { headers: { authorization: `Bearer ${res.text}` } }))).toEqual(
      refusal(REQUEST_ERRORS.scopeMissing, 'User is NOT authorized to access the Resource: /pets. Scope validation failed.'),
    );
  });

  it('a wrong password → 401 text/plain "Wrong username or password…"', async () => {
    const res = await testKey(basicAuth('dev', 'wrong'));
    expect([res.status, res.headers['content-type'], res.text]).toEqual([401, 'text/plain', 'Wrong username or password. Please provide valid credentials.']);
  });

  it('no Authorization header → 401 text/plain "User is NOT authorized to generate a token…"', async () => {
    const res = await testKey(undefined);
    expect([res.status, res.headers['content-type'], res.text]).toEqual([
      401,
      'text/plain',
      'User is NOT authorized to generate a token. Please provide a valid Authorization header to continue.',
    ]);
  });

  it('GET /testkey is not the endpoint: it goes to routing and finds no API (404)', async () => {
    const res = await gw.request('/testkey', { headers: { authorization: basicAuth('dev', 'devpw') } });
    expect([res.status, res.json()]).toEqual([404, { code: '404', message: 'Not Found', description: 'The requested resource is not available.' }]);
  });
});
