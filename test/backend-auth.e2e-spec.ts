import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { parse, stringify } from 'yaml';
import {
  accessTokenClaims,
  type BackendHandler,
  type CallResult,
  ccFixture,
  describeWithCcFixtures,
  generateTestKeyPair,
  retarget,
  signJwt,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  writeCertificatePem,
} from '#testing';
import { type AdminErrorBody, porticoDeploy } from './support/admin-api.js';
import { startTokenEndpoint, type TokenEndpoint } from './support/oauth2-token-endpoint.js';

/**
 * Credentials towards the backend (issue 17 item 2; spec §12, §3.6 and Portico's `apikey` and
 * `oauth2` securityConfig types), black box: what each backend received, what the client saw,
 * what the admin API answers and shows, and what the log says.
 */

/** What a backend saw of one request: which backend, the path and query, and the headers. */
interface Seen {
  readonly backend: string;
  readonly url: string;
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

/** A backend that says who it is and echoes what it received. */
const namedEcho =
  (backend: string): BackendHandler =>
  (req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ backend, url: req.url, headers: req.headers, body: body.toString() }));
  };

const OK = { responses: { '200': { description: 'ok' } } };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const secret = (label: string) => `${label}-${randomBytes(9).toString('hex')}`;

/** An open (no consumer security) OpenAPI 3 definition with the given endpoint extensions. */
function definition(title: string, basePath: string, extensions: Record<string, unknown>, paths: Record<string, unknown> = { '/*': { get: OK, post: OK } }): string {
  return stringify({ openapi: '3.0.3', info: { title, version: '1.0.0' }, 'x-wso2-basePath': basePath, 'x-wso2-disable-security': true, ...extensions, paths });
}

async function seen(res: CallResult): Promise<Seen> {
  expect([res.status, res.text.slice(0, 300)]).toEqual([200, expect.anything()]);
  return res.json<Seen>();
}

describeWithCcFixtures("backend Basic auth on Choreo Connect's backend_security_openAPI.yaml (spec §12, §3.6)", () => {
  const ISSUER = 'https://km.test/oauth2/token';
  const ADMIN_ADMIN = 'Basic YWRtaW46YWRtaW4=';
  const GUEST_PASSWORD = 'Basic Z3Vlc3Q6cGFzc3dvcmQ=';
  let dir: string;
  let certificateFile: string;
  const key = generateTestKeyPair('RSA');
  let production: TestBackend;
  let sandbox: TestBackend;
  const gateways: TestGateway[] = [];

  const token = (keyType: string) => `Bearer ${signJwt(accessTokenClaims({ issuer: ISSUER, extra: { keytype: keyType } }), { key })}`;

  /** The fixture on the two local backends, plus a resource with security disabled. */
  const fixture = () => {
    const doc = parse(retarget(ccFixture('integration/openAPIs/backend_security_openAPI.yaml'), { 'mockBackend:2383': production.url, 'mockBackend:2390': sandbox.url }));
    doc.paths['/open'] = { get: { 'x-wso2-disable-security': true, ...OK } };
    return stringify(doc);
  };

  const start = async (env?: Record<string, string>) => {
    const gw = await startTestGateway({ settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } }, env });
    gateways.push(gw);
    const res = await porticoDeploy(gw, fixture());
    expect([res.status, res.json<{ name: string; version: string }>().name]).toEqual([201, 'BackendSecurity']);
    return gw;
  };

  /** `<backend> <path> <Authorization it received>` */
  const reach = async (gw: TestGateway, path: string, authorization: string) => {
    const got = await seen(await gw.request(path, { headers: { authorization } }));
    return `${got.backend} ${got.url} ${got.headers.authorization}`;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-backend-auth-'));
    certificateFile = await writeCertificatePem(key, dir);
    production = await startBackend(namedEcho('production'));
    sandbox = await startBackend(namedEcho('sandbox'));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gw) => gw.destroy()));
    await Promise.all([production?.close(), sandbox?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the key type's Basic credentials in place of the client's token", async () => {
    const gw = await start();
    expect(await reach(gw, '/backend-security/echo', token('PRODUCTION'))).toBe(`production /v2/echo ${ADMIN_ADMIN}`);
    expect(await reach(gw, '/backend-security/echo', token('SANDBOX'))).toBe(`sandbox /v2/echo ${GUEST_PASSWORD}`);
    // §12.2: a security-disabled resource gets the production credentials, replacing the client's.
    expect(await reach(gw, '/backend-security/open', 'Basic x')).toBe(`production /v2/open ${ADMIN_ADMIN}`);
  });

  it('takes the sandbox credentials from api_<sha1(name:version)>_sand_basic_* (quotes removed)', async () => {
    // The API's name is its title without spaces (as apictl derives it): BackendSecurity.
    const hash = createHash('sha1').update('BackendSecurity:1.0.0').digest('hex');
    const gw = await start({ [`api_${hash}_sand_basic_username`]: 'john', [`api_${hash}_sand_basic_password`]: '"lock"' });
    expect(await reach(gw, '/backend-security/echo', token('SANDBOX'))).toBe('sandbox /v2/echo Basic am9objpsb2Nr');
    expect(await reach(gw, '/backend-security/echo', token('PRODUCTION'))).toBe(`production /v2/echo ${ADMIN_ADMIN}`);
  });
});

describe('backend credentials: Portico extensions, API keys, refused definitions, masked secrets', () => {
  /** A token URL on a port upstream.destinations.denyPorts refuses. */
  const DENIED_PORT = 9;
  const KEEPER = basic('keeper', 'keeper-pass');
  let gw: TestGateway;
  let a: TestBackend;
  let b: TestBackend;
  let c: TestBackend;

  const deploy = async (document: string, contentType = 'application/yaml') => {
    const res = await porticoDeploy(gw, document, { contentType });
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
  };

  const keeper = (securityConfig: Record<string, unknown>) =>
    definition('Keeper', '/keeper', { 'x-wso2-production-endpoints': { urls: [`${a.url}/keep`], securityConfig } });

  beforeAll(async () => {
    [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name) => startBackend(namedEcho(name))));
    gw = await startTestGateway({ settings: { upstream: { destinations: { denyPorts: [DENIED_PORT] } } } });
    await deploy(keeper({ type: 'basic', username: 'keeper', password: 'keeper-pass' }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all([a, b, c].map((backend) => backend?.close()));
  });

  it("gives a resource-level set and an x-wso2-endpoints entry their own credentials, other resources the API's", async () => {
    await deploy(
      definition(
        'Layered',
        '/layered',
        {
          'x-wso2-production-endpoints': { urls: [`${a.url}/v1`], securityConfig: { type: 'basic', username: 'api-user', password: 'api-pass' } },
          'x-wso2-endpoints': [{ shared: { urls: [`${b.url}/v1`], securityConfig: { type: 'BASIC', username: 'shared-user', password: 'shared-pass' } } }],
        },
        {
          '/plain': { get: OK },
          '/own': { 'x-wso2-production-endpoints': { urls: [`${c.url}/v1`], securityConfig: { type: 'Basic', username: 'own-user', password: 'own-pass' } }, get: OK },
          '/inherits': { 'x-wso2-production-endpoints': { urls: [`${c.url}/v1`] }, get: OK },
          '/shared': { 'x-wso2-production-endpoints': '#/x-wso2-endpoints/shared', get: OK },
        },
      ),
    );
    const reach = async (path: string) => {
      const got = await seen(await gw.request(path, { headers: { authorization: 'Basic Y2xpZW50OmNsaWVudA==' } }));
      return `${got.backend} ${got.url} ${got.headers.authorization}`;
    };
    expect(await reach('/layered/plain')).toBe(`A /v1/plain ${basic('api-user', 'api-pass')}`);
    expect(await reach('/layered/own')).toBe(`C /v1/own ${basic('own-user', 'own-pass')}`);
    expect(await reach('/layered/inherits')).toBe(`C /v1/inherits ${basic('api-user', 'api-pass')}`);
    expect(await reach('/layered/shared')).toBe(`B /v1/shared ${basic('shared-user', 'shared-pass')}`);
  });

  it('sends an API key from the environment in a header, replacing the one the client sent', async () => {
    const value = secret('header-key');
    process.env.BACKEND_SECRET_TEST_KEY = value;
    try {
      await deploy(definition('HeaderKey', '/headerkey', { 'x-wso2-production-endpoints': { urls: [`${a.url}/v1`], securityConfig: { type: 'apikey', in: 'header', name: 'X-Backend-Key', valueEnv: 'BACKEND_SECRET_TEST_KEY' } } }));
    } finally {
      delete process.env.BACKEND_SECRET_TEST_KEY;
    }
    // Read at deploy time: the variable is gone now.
    const got = await seen(await gw.request('/headerkey/items?x=1', { headers: { 'x-backend-key': 'evil' } }));
    expect([got.url, got.headers['x-backend-key']]).toEqual(['/v1/items?x=1', value]);
  });

  it("sends an API key in the query, dropping the client's own and keeping the other parameters in order", async () => {
    await deploy(definition('QueryKey', '/querykey', { 'x-wso2-production-endpoints': { urls: [`${a.url}/v1`], securityConfig: { type: 'ApiKey', in: 'query', name: 'key', value: 'abc' } } }));
    const got = await seen(await gw.request('/querykey/items?a=1&key=evil&b=2&k%65y=worse&c=%20x'));
    expect(got.url).toBe('/v1/items?a=1&b=2&c=%20x&key=abc');
    expect((await seen(await gw.request('/querykey/items'))).url).toBe('/v1/items?key=abc');
  });

  it('starts with a backend secret in its own environment (BACKEND_SECRET_*), where a deployment keeps them', async () => {
    // The gateway reads its settings from the same environment the secrets live in.
    const started = await startTestGateway({ env: { BACKEND_SECRET_TEST_KEY: 'from-the-environment' } }).catch((error: Error) => error);
    if (!(started instanceof Error)) await started.destroy();
    expect(started instanceof Error ? started.message : 'started').toBe('started');
  });

  const AT = 'definition#/x-wso2-production-endpoints/securityConfig';
  const OAUTH2 = { type: 'oauth2', tokenUrl: 'http://127.0.0.1:8080/token', clientId: 'client', clientSecret: 'client-secret' };

  it.each([
    ['a variable that is not set', { type: 'apikey', name: 'X-Key', valueEnv: 'BACKEND_SECRET_NOT_SET_ANYWHERE' }, 'endpoint.secret-unavailable', `${AT}/valueEnv`],
    ['a variable outside upstream.secretEnvPrefix', { type: 'basic', username: 'u', passwordEnv: 'HOME' }, 'endpoint.secret-unavailable', `${AT}/passwordEnv`],
    ['an unknown type', { type: 'digest', username: 'u', password: 'p' }, 'endpoint.security-type-unsupported', AT],
    ['oauth2 without clientId', { ...OAUTH2, clientId: undefined }, 'endpoint.security-config-invalid', `${AT}/clientId`],
    ['a token URL on the metadata address', { ...OAUTH2, tokenUrl: 'http://169.254.169.254/latest/token' }, 'endpoint.destination-denied', `${AT}/tokenUrl`],
    ['a token URL on a denied port', { ...OAUTH2, tokenUrl: `http://127.0.0.1:${DENIED_PORT}/token` }, 'endpoint.destination-denied', `${AT}/tokenUrl`],
  ])('refuses %s (422 naming the field) and keeps the deployed API', async (_what, securityConfig, code, location) => {
    const res = await gw.admin('/portico/v1/apis/Keeper/1.0.0', { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: keeper(securityConfig) });
    expect(res.status).toBe(422);
    const problems = res.json<AdminErrorBody>().problems ?? [];
    expect(problems).toEqual([expect.objectContaining({ code, location })]);
    // The refusal says why without showing what the variable holds.
    if (process.env.HOME) expect(res.text).not.toContain(`"${process.env.HOME}`);
    const got = await seen(await gw.request('/keeper/still'));
    expect([got.backend, got.url, got.headers.authorization]).toEqual(['A', '/keep/still', KEEPER]);
  });

  describe('GET .../definition masks every secret of a securityConfig', () => {
    const secrets = { password: secret('basic-pass'), value: secret('api-key'), clientSecret: secret('client-secret') };
    const document = (title: string) => ({
      openapi: '3.0.3',
      info: { title, version: '1.0.0' },
      'x-wso2-basePath': `/${title.toLowerCase()}`,
      'x-wso2-disable-security': true,
      'x-wso2-production-endpoints': { urls: [`${a.url}/v1`], securityConfig: { type: 'basic', username: 'mask-user', password: secrets.password } },
      'x-wso2-sandbox-endpoints': { urls: [`${b.url}/v1`], securityConfig: { type: 'apikey', name: 'X-Mask-Key', value: secrets.value } },
      paths: {
        '/token': {
          'x-wso2-production-endpoints': {
            urls: [`${c.url}/v1`],
            securityConfig: { type: 'oauth2', tokenUrl: 'http://127.0.0.1:8080/token', clientId: 'mask-client', clientSecret: secrets.clientSecret, scopes: 'read' },
          },
          get: OK,
        },
      },
    });

    it.each([
      ['YAML', 'MaskedYaml', 'application/yaml', (doc: object) => stringify(doc)],
      ['JSON', 'MaskedJson', 'application/json', (doc: object) => JSON.stringify(doc, null, 2)],
    ])('%s', async (_format, title, contentType, write) => {
      await deploy(write(document(title)), contentType);
      const res = await gw.admin(`/portico/v1/apis/${title}/1.0.0/definition`);
      expect(res.status).toBe(200);
      expect(res.text.split('********').length - 1).toBe(3);
      for (const value of Object.values(secrets)) expect(res.text).not.toContain(value);
      for (const kept of ['mask-user', 'X-Mask-Key', 'mask-client']) expect(res.text).toContain(kept);
    });

    /** A definition whose production securityConfig is written by `endpoints` (YAML) on backend A. */
    const yamlWith = (title: string, lines: string) =>
      [
        'openapi: 3.0.3',
        `info: {title: ${title}, version: 1.0.0}`,
        `x-wso2-basePath: /${title.toLowerCase()}`,
        'x-wso2-disable-security: true',
        lines,
        "paths: {/x: {get: {responses: {'200': {description: ok}}}}}",
      ].join('\n');
    const hidden = secrets.password;
    const escapedJson = () =>
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Escaped', version: '1.0.0' },
        'x-wso2-basePath': '/escaped',
        'x-wso2-disable-security': true,
        'x-wso2-production-endpoints': { urls: [`${a.url}/v1`], securityConfig: { type: 'basic', username: 'u', password: hidden } },
        paths: { '/x': { get: OK } },
      }).replace('"securityConfig"', '"security\\u0043onfig"');

    it.each([
      [
        'through a YAML alias',
        'Alias',
        'application/yaml',
        () => yamlWith('Alias', `x-credentials: &creds {type: basic, username: u, password: ${hidden}}\nx-wso2-production-endpoints: {urls: ['${a.url}/v1'], securityConfig: *creds}`),
      ],
      [
        'through a YAML merge key',
        'Merged',
        'application/yaml',
        () => yamlWith('Merged', `x-credentials: &creds {password: ${hidden}}\nx-wso2-production-endpoints:\n  urls: ['${a.url}/v1']\n  securityConfig: {<<: *creds, type: basic, username: u}`),
      ],
      [
        'under a YAML key written with an escape',
        'Quoted',
        'application/yaml',
        () => yamlWith('Quoted', `x-wso2-production-endpoints:\n  urls: ['${a.url}/v1']\n  "security\\x43onfig": {type: basic, username: u, password: ${hidden}}`),
      ],
      ['under a JSON key written with an escape', 'Escaped', 'application/json', escapedJson],
    ])('masks a secret that reaches a securityConfig %s', async (_how, title, contentType, write) => {
      await deploy(write(), contentType);
      // The secret is in force: the backend gets it.
      expect((await seen(await gw.request(`/${title.toLowerCase()}/x`))).headers.authorization).toBe(basic('u', hidden));
      const res = await gw.admin(`/portico/v1/apis/${title}/1.0.0/definition`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(hidden);
    });
  });
});

describe('backend credentials: OAuth2 client credentials against a real token endpoint', () => {
  /** RENEW_MIN_AGE_MS: a 401 drops a token only once it is this old. */
  const RENEW_MIN_AGE_MS = 5000;
  const CLIENT_SECRET = secret('client-secret');
  const ENV_SECRET = secret('env-secret');
  const lines: string[] = [];
  /** Every answer the gateway made up itself (errors), and every admin answer. */
  const gatewayAnswers: string[] = [];
  let endpoints: Record<'bearer' | 'expiry' | 'revoke' | 'refuse' | 'invalid' | 'down', TokenEndpoint>;
  let echo: TestBackend;
  let revoking: TestBackend;
  let refusing: TestBackend;
  let revoked: string | undefined;
  let gw: TestGateway;
  /** When the first tokens of `revoke` and `refuse` were fetched. */
  let firstFetch: number;

  const oauth2 = (endpoint: TokenEndpoint, more: Record<string, unknown> = {}) => ({
    type: 'OAuth2',
    tokenUrl: endpoint.url,
    clientId: 'portico-client',
    clientSecret: CLIENT_SECRET,
    scopes: ['read', 'write'],
    ...more,
  });

  const deploy = async (title: string, backend: TestBackend, securityConfig: Record<string, unknown>) => {
    const res = await porticoDeploy(gw, definition(title, `/${title.toLowerCase()}`, { 'x-wso2-production-endpoints': { urls: [`${backend.url}/v1`], securityConfig } }));
    gatewayAnswers.push(res.text);
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
  };

  /** Every request carries a token of the client's own, which the backend must never see. */
  const request = async (path: string, options: { method?: string; body?: string } = {}) => {
    const headers = { authorization: 'Bearer from-the-client', ...(options.body !== undefined && { 'content-type': 'application/json' }) };
    const res = await gw.request(path, { ...options, headers });
    if (res.headers['x-answered-by'] !== 'backend' && res.status !== 200) gatewayAnswers.push(res.text);
    return res;
  };

  /** The Authorization header the echo backend received. */
  const bearerSeen = async (path: string) => (await seen(await request(path))).headers.authorization;

  const expectUnavailable = (res: CallResult) => {
    expect([res.status, res.json<{ code: string; message: string }>()]).toEqual([503, expect.objectContaining({ code: '103503', message: 'Backend credentials unavailable' })]);
  };

  beforeAll(async () => {
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => void lines.push(String(message)));
    }
    echo = await startBackend(namedEcho('echo'));
    revoking = await startBackend((req, res, body) => {
      if (req.headers.authorization === revoked) {
        res.writeHead(401, { 'content-type': 'application/json', 'x-answered-by': 'backend' }).end('{"error":"token revoked"}');
        return;
      }
      void namedEcho('revoking')(req, res, body);
    });
    refusing = await startBackend((_req, res) => res.writeHead(401, { 'content-type': 'application/json', 'x-answered-by': 'backend' }).end('{"error":"never"}'));
    endpoints = {
      // Slow enough that 100 concurrent first requests all wait on the one token request.
      bearer: await startTokenEndpoint({ delayMs: 300 }),
      expiry: await startTokenEndpoint({ answer: { expiresIn: 3 } }),
      revoke: await startTokenEndpoint(),
      refuse: await startTokenEndpoint(),
      // An endpoint that echoes what it was sent in its error_description.
      invalid: await startTokenEndpoint({ answer: { status: 400, body: { error: 'invalid_client', error_description: `client secret ${CLIENT_SECRET} is not valid` } } }),
      down: await startTokenEndpoint(),
    };
    await endpoints.down.close();
    gw = await startTestGateway();
    await deploy('Bearer', echo, oauth2(endpoints.bearer));
    process.env.BACKEND_SECRET_OAUTH_SECRET = ENV_SECRET;
    try {
      await deploy('Expiry', echo, oauth2(endpoints.expiry, { clientSecret: undefined, clientSecretEnv: 'BACKEND_SECRET_OAUTH_SECRET', clientAuthentication: 'body', scopes: 'read' }));
    } finally {
      delete process.env.BACKEND_SECRET_OAUTH_SECRET;
    }
    await deploy('Revoke', revoking, oauth2(endpoints.revoke));
    await deploy('Refuse', refusing, oauth2(endpoints.refuse));
    await deploy('Invalid', echo, oauth2(endpoints.invalid));
    await deploy('Down', echo, oauth2(endpoints.down));
    // The first tokens of the two 401 cases, so that they are old enough by the time their tests run.
    expect((await request('/revoke/orders', { method: 'POST', body: '{"order":1}' })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await request('/refuse/x')).status).toBe(401);
    firstFetch = Date.now();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await gw?.destroy();
    await Promise.all([echo, revoking, refusing, ...Object.values(endpoints ?? {})].map((server) => server?.close()));
  });

  it('sends Bearer <token> from one token request for 100 concurrent first requests', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => request('/bearer/items')));
    const seenAuthorizations = new Set(await Promise.all(results.map(async (res) => (await seen(res)).headers.authorization)));
    const { requests, issued } = endpoints.bearer;
    expect([requests.length, [...seenAuthorizations]]).toEqual([1, [`Bearer ${issued[0]}`]]);
    const [tokenRequest] = requests;
    expect([tokenRequest.method, tokenRequest.url, tokenRequest.headers['content-type'], tokenRequest.headers.authorization]).toEqual([
      'POST',
      '/oauth2/token',
      'application/x-www-form-urlencoded',
      basic('portico-client', CLIENT_SECRET),
    ]);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body.toString()))).toEqual({ grant_type: 'client_credentials', scope: 'read write' });
    expect(await bearerSeen('/bearer/again')).toBe(`Bearer ${issued[0]}`);
    expect(requests.length).toBe(1);
  });

  it('fetches a new token once the last one expires (expires_in 3, margin 1 s), client authenticated in the body', async () => {
    const { requests, issued } = endpoints.expiry;
    const first = await bearerSeen('/expiry/a');
    expect([first, await bearerSeen('/expiry/b'), requests.length]).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[0]}`, 1]);
    expect(requests[0].headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(requests[0].body.toString()))).toEqual({
      grant_type: 'client_credentials',
      scope: 'read',
      client_id: 'portico-client',
      client_secret: ENV_SECRET,
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await bearerSeen('/expiry/c');
    expect(later).not.toBe(first);
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(later).toBe(`Bearer ${issued.at(-1)}`);
  });

  it('answers 503 103503 when the token endpoint is down, naming the API and the token URL in the log', async () => {
    expectUnavailable(await request('/down/x'));
    expectUnavailable(await request('/down/y'));
    expect(lines.filter((line) => line.includes('Down:1.0.0') && line.includes(endpoints.down.url))).toHaveLength(1);
  });

  it('answers 503 103503 when the token endpoint says invalid_client, without asking it again for every request', async () => {
    expectUnavailable(await request('/invalid/x'));
    expectUnavailable(await request('/invalid/y'));
    // Failed just now: the second request did not ask again.
    expect(endpoints.invalid.requests).toHaveLength(1);
    const logged = lines.filter((line) => line.includes('Invalid:1.0.0') && line.includes('103503'));
    expect(logged).toEqual([expect.stringContaining(`${endpoints.invalid.url} answered 400 (invalid_client`)]);
    // Once the endpoint issues tokens again, the next request after the fail-fast second gets one.
    endpoints.invalid.answer = { expiresIn: 3600 };
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await bearerSeen('/invalid/z')).toBe(`Bearer ${endpoints.invalid.issued[0]}`);
  });

  it('renews a token the backend answers 401 to and replays the request, body included, once', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstFetch + RENEW_MIN_AGE_MS + 300 - Date.now())));
    const { issued } = endpoints.revoke;
    revoked = `Bearer ${issued[0]}`;
    const before = revoking.requests.length;
    const got = await seen(await request('/revoke/orders', { method: 'POST', body: '{"order":42}' }));
    expect([got.backend, got.body, got.headers.authorization]).toEqual(['revoking', '{"order":42}', `Bearer ${issued[1]}`]);
    expect(revoking.requests.slice(before).map((r) => `${r.method} ${r.url} ${r.headers.authorization} ${r.body.toString()}`)).toEqual([
      `POST /v1/orders Bearer ${issued[0]} {"order":42}`,
      `POST /v1/orders Bearer ${issued[1]} {"order":42}`,
    ]);
    expect(endpoints.revoke.requests).toHaveLength(2);
  });

  it("passes on the 401 of a backend that refuses every token: one replay at most, no token request per request", async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstFetch + RENEW_MIN_AGE_MS + 300 - Date.now())));
    const { issued } = endpoints.refuse;
    // Before: three requests with a young token, each tried once, one token request.
    expect([refusing.requests.length, issued.length]).toEqual([3, 1]);
    const res = await request('/refuse/x');
    expect([res.status, res.text]).toEqual([401, '{"error":"never"}']);
    expect(refusing.requests.slice(3).map((r) => r.headers.authorization)).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[1]}`]);
    for (let i = 0; i < 5; i++) expect((await request('/refuse/x')).status).toBe(401);
    expect([refusing.requests.length, issued.length]).toEqual([10, 2]);
  });

  it('never shows the client secret or a token in an error body, an admin answer or a log line', () => {
    const tokens = Object.values(endpoints).flatMap((endpoint) => endpoint.issued);
    const secrets = [CLIENT_SECRET, ENV_SECRET, basic('portico-client', CLIENT_SECRET).slice('Basic '.length), ...tokens];
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, ...gatewayAnswers]) {
      for (const hidden of secrets) expect(text).not.toContain(hidden);
    }
  });
});
