import { itWithCcFixtures, loadDocument, oas3, problemsOf, readFixture } from './fixtures.spec-support.js';

const load = (text: string) => loadDocument(text, undefined, 'swagger.json');

describe('endpoint references (x-wso2-endpoints)', () => {
  itWithCcFixtures('resolves API-level references by name', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/endpoint_ref_openAPI.yaml'), undefined, 'swagger.yaml');
    expect(api.endpoints.PRODUCTION).toMatchObject({ name: 'ref:prod', location: 'swagger.yaml#/x-wso2-endpoints/0/prod', urls: [{ rawUrl: 'http://mockBackend:2383/v2' }] });
    expect(api.endpoints.SANDBOX).toMatchObject({ name: 'ref:myEndpoint', urls: [{ port: 2390 }] });
  });

  it('shares one set between the resources that reference it for a key type', async () => {
    const { api } = await load(
      oas3({
        'x-wso2-endpoints': [{ shared: { urls: ['http://shared.example/v1'], type: 'failover' } }],
        paths: {
          '/a': { 'x-wso2-sandbox-endpoints': '#/x-wso2-endpoints/shared', get: {} },
          '/b': { 'x-wso2-sandbox-endpoints': '#/x-wso2-endpoints/shared', get: {} },
        },
      }),
    );
    const [a, b] = api.resources;
    expect(a.endpoints.SANDBOX).toMatchObject({ name: 'ref:shared', policy: 'FAILOVER' });
    expect(a.endpoints.SANDBOX).toBe(b.endpoints.SANDBOX);
  });
});

describe('routing policy (spec §8.1)', () => {
  it.each([
    // Failover is applied (issue 16): no warning.
    ['failover', 'FAILOVER', []],
    ['failover_with_suffix', 'FAILOVER', []],
    ['load_balance', 'LOAD_BALANCE', []],
    ['loadbalance', 'LOAD_BALANCE', []],
    ['http', 'LOAD_BALANCE', []],
    ['Failover', 'LOAD_BALANCE', ['endpoint.failover-case']],
  ])('reads type %j as %s', async (type, policy, warningCodes) => {
    const { api, warnings } = await load(oas3({ 'x-wso2-production-endpoints': { urls: ['http://a.example', 'http://b.example'], type } }));
    expect(api.endpoints.PRODUCTION?.policy).toBe(policy);
    expect(warnings.map((w) => w.code)).toEqual(warningCodes);
  });

  it('explains the case-sensitive failover prefix', async () => {
    const { warnings } = await load(oas3({ 'x-wso2-production-endpoints': { urls: ['http://a.example'], type: 'FAILOVER' } }));
    expect(warnings).toEqual([
      {
        code: 'endpoint.failover-case',
        message: 'endpoint type "FAILOVER" is load balanced, as in Choreo Connect; write "failover" in lower case for failover',
        location: 'swagger.json#/x-wso2-production-endpoints/type',
      },
    ]);
  });
});

describe('advanceEndpointConfig normalisations (spec §3.5, §9)', () => {
  it('keeps valid values as written', async () => {
    const advanceEndpointConfig = { timeoutInMillis: 7000, retryConfig: { count: 3, statusCodes: [502, 503] }, circuitBreakers: { maxConnections: 5, maxRequests: 3 } };
    const { api, warnings } = await load(oas3({ 'x-wso2-production-endpoints': { urls: ['http://a.example'], advanceEndpointConfig } }));
    expect(api.endpoints.PRODUCTION).toMatchObject({ timeoutMs: 7000, retry: { count: 3, statusCodes: [502, 503] }, circuitBreakers: { maxConnections: 5, maxRequests: 3 } });
    // Retries and circuit breakers are applied (issue 16): nothing to warn about.
    expect(warnings).toEqual([]);
  });

  it('caps, drops and defaults out-of-range values with a warning each', async () => {
    const advanceEndpointConfig = {
      timeoutInMillis: 90_000,
      retryConfig: { count: 10, statusCodes: [201, 202] },
      circuitBreakers: { maxConnections: 2, maxRequests: 0, maxConnectionPools: -1 },
    };
    const { api, warnings } = await load(oas3({ 'x-wso2-production-endpoints': { urls: ['http://a.example'], advanceEndpointConfig } }));
    expect(api.endpoints.PRODUCTION).toMatchObject({ timeoutMs: 60_000, retry: { count: 5, statusCodes: [504] }, circuitBreakers: { maxConnections: 2 } });
    const at = 'swagger.json#/x-wso2-production-endpoints/advanceEndpointConfig';
    expect(warnings).toEqual([
      { code: 'endpoint.timeout-capped', message: 'timeoutInMillis 90000 is above the maximum route timeout; 60000 ms is used', location: at },
      { code: 'endpoint.retry-adjusted', message: 'retry count 10 is outside 0..5; 5 is used', location: at },
      { code: 'endpoint.retry-adjusted', message: 'retry status codes 201, 202 are outside 401-598 and were dropped; the default codes 504 are used', location: at },
      { code: 'endpoint.circuit-breaker-dropped', message: 'circuit breaker maxRequests = 0 is not positive and was dropped', location: at },
      { code: 'endpoint.circuit-breaker-dropped', message: 'circuit breaker maxConnectionPools = -1 is not positive and was dropped', location: at },
    ]);
  });

  itWithCcFixtures('normalises the retry fixture like Choreo Connect', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/retry_openAPI.yaml'));
    const seven = api.resources.find((r) => r.path === '/retry-seven');
    expect(seven?.endpoints.SANDBOX?.retry).toEqual({ count: 5, statusCodes: [504] });
    expect(api.endpoints.SANDBOX?.retry).toEqual({ count: 1, statusCodes: [402] });
  });
});

describe('resource-level endpoints (spec §6.4)', () => {
  itWithCcFixtures('overrides each key type independently', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/prod_openAPI.yaml'));
    const byPath = new Map(api.resources.map((r) => [r.path, r.endpoints]));
    expect(byPath.get('/pet/findByStatus')).toEqual({});
    expect(byPath.get('/pets/findByTags')?.PRODUCTION).toMatchObject({ name: '/pets/findByTags PRODUCTION', urls: [{ port: 2390, basePath: '/v2' }] });
    expect(byPath.get('/pets/findByTags')?.SANDBOX).toMatchObject({ name: '/pets/findByTags SANDBOX', urls: [{ port: 2391, basePath: '/v2sand' }] });
    expect(Object.keys(byPath.get('/pet/findByTags') ?? {})).toEqual(['PRODUCTION']);
    expect(Object.keys(byPath.get('/v2/pets/findByTags') ?? {})).toEqual(['SANDBOX']);
  });

  it('makes OpenAPI 3 path-item servers the resource production endpoints', async () => {
    const { api } = await load(oas3({ paths: { '/pets': { servers: [{ url: 'https://res.example:8443/r' }, { url: 'http://res2.example' }], get: {} } } }));
    expect(api.resources[0].endpoints.PRODUCTION).toMatchObject({ name: '/pets PRODUCTION', policy: 'LOAD_BALANCE', urls: [{ port: 8443 }, { port: 80 }] });
  });

  it('ignores endpoint extensions inside an operation, telling where to move them', async () => {
    const text = oas3({ paths: { '/pet': { get: { 'x-wso2-production-endpoints': { urls: ['http://op.example'] } } } } });
    const { api, warnings } = await load(text);
    expect(api.resources[0].endpoints).toEqual({});
    expect(warnings).toEqual([
      {
        code: 'endpoint.extension-ignored',
        message: 'x-wso2-production-endpoints inside an operation is ignored (as in Choreo Connect); move it to the path item to apply it to the resource',
        location: 'swagger.json#/paths/~1pet/get/x-wso2-production-endpoints',
      },
    ]);
  });

  it('accepts differing base paths inside one set with a warning', async () => {
    const { api, warnings } = await load(oas3({ 'x-wso2-production-endpoints': { urls: ['http://a.example/v1', 'http://b.example/v2/'] } }));
    expect(api.endpoints.PRODUCTION?.urls.map((u) => u.basePath)).toEqual(['/v1', '/v2']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'endpoint.basepath-differs', location: 'swagger.json#/x-wso2-production-endpoints' })]);
  });
});

describe('backend security per key type (spec §12)', () => {
  it('applies the API-level securityConfig to resource-level sets without their own; a set of its own keeps it (spec §18 item 7)', async () => {
    const text = oas3({
      'x-wso2-production-endpoints': { urls: ['http://a.example'], securityConfig: { type: 'basic', username: 'admin', password: 'admin' } },
      paths: {
        '/pet': { 'x-wso2-production-endpoints': { urls: ['http://res.example'], securityConfig: { type: 'BASIC', username: 'res', password: 'res' } }, get: {} },
        '/store': { 'x-wso2-production-endpoints': { urls: ['http://store.example'] }, get: {} },
      },
    });
    const { api } = await load(text);
    const admin = { type: 'BASIC', username: 'admin', password: { value: 'admin' } };
    expect(api.endpoints.PRODUCTION?.security).toEqual(admin);
    expect(api.resources[0].endpoints.PRODUCTION?.security).toEqual({ type: 'BASIC', username: 'res', password: { value: 'res' } });
    expect(api.resources[1].endpoints.PRODUCTION?.security).toEqual(admin);
  });

  it('takes the securityConfig of a set referenced at API level', async () => {
    const text = oas3({
      'x-wso2-endpoints': [{ secured: { urls: ['http://a.example/v1'], securityConfig: { type: 'basic', username: 'roshan' } } }],
      'x-wso2-production-endpoints': '#/x-wso2-endpoints/secured',
    });
    const { api } = await load(text);
    expect(api.endpoints.PRODUCTION?.security).toEqual({ type: 'BASIC', username: 'roshan', password: { value: '' } });
  });

  it('reads Portico\'s apikey and oauth2 types, with secrets written or named as environment variables', async () => {
    const text = oas3({
      'x-wso2-production-endpoints': { urls: ['http://a.example'], securityConfig: { type: 'ApiKey', in: 'query', name: 'key', valueEnv: 'BACKEND_SECRET_KEY' } },
      'x-wso2-sandbox-endpoints': {
        urls: ['http://b.example'],
        securityConfig: { type: 'oauth2', tokenUrl: 'https://idp.example/token', clientId: 'gw', clientSecret: 's3cret', scopes: 'read write', clientAuthentication: 'body' },
      },
    });
    const { api, warnings } = await load(text);
    expect(warnings).toEqual([]);
    expect(api.endpoints.PRODUCTION?.security).toEqual({ type: 'API_KEY', in: 'query', name: 'key', value: { env: 'BACKEND_SECRET_KEY' } });
    expect(api.endpoints.SANDBOX?.security).toEqual({
      type: 'OAUTH2',
      tokenUrl: 'https://idp.example/token',
      clientId: 'gw',
      clientSecret: { value: 's3cret' },
      scopes: ['read', 'write'],
      clientAuthentication: 'body',
    });
  });

  it('refuses a broken securityConfig of a Portico type, each field at its own location', async () => {
    const problems = await problemsOf(
      load(oas3({
        'x-wso2-production-endpoints': { urls: ['http://a.example'], securityConfig: { type: 'apikey', in: 'cookie', value: 'k', valueEnv: 'BACKEND_SECRET_K', extra: 1 } },
        'x-wso2-sandbox-endpoints': { urls: ['http://b.example'], securityConfig: { type: 'oauth2', tokenUrl: 'ftp://idp.example', clientId: 'gw' } },
      })),
    );
    expect(problems.map((p) => [p.code, p.location])).toEqual([
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-production-endpoints/securityConfig/extra'],
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-production-endpoints/securityConfig/in'],
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-production-endpoints/securityConfig/name'],
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-production-endpoints/securityConfig/valueEnv'],
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-sandbox-endpoints/securityConfig/tokenUrl'],
      ['endpoint.security-config-invalid', 'swagger.json#/x-wso2-sandbox-endpoints/securityConfig/clientSecret'],
    ]);
  });

  itWithCcFixtures('reads the backend security fixture', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/backend_security_openAPI.yaml'));
    expect(api.endpoints.PRODUCTION).toMatchObject({ security: { username: 'admin', password: { value: 'admin' } }, circuitBreakers: { maxConnections: 5, maxRequests: 3 } });
    expect(api.endpoints.SANDBOX?.security).toEqual({ type: 'BASIC', username: 'guest', password: { value: 'password' } });
  });
});

describe('resources and operations', () => {
  itWithCcFixtures('reads methods, operation ids, responses, produces and locations', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/openAPI.yaml'));
    const pet = api.resources.find((r) => r.path === '/pet/{petId}');
    expect(pet?.location).toBe('/paths/~1pet~1{petId}');
    expect(pet?.operations.map((o) => o.method)).toEqual(['GET', 'POST', 'DELETE']);
    expect(pet?.operations[0]).toMatchObject({ operationId: 'getPetById', produces: ['application/json', 'application/xml'], location: '/paths/~1pet~1{petId}/get' });
    expect(pet?.operations[0].responses).toHaveProperty('200');
  });

  it('uses the document-level produces of OpenAPI 2 when the operation has none, and strips query parts of paths', async () => {
    const text = JSON.stringify({
      swagger: '2.0', info: { title: 'Pets', version: '1' }, 'x-wso2-basePath': '/p', produces: ['application/json'],
      'x-wso2-production-endpoints': { urls: ['http://a.example'] },
      paths: { '/pet?status={status}': { get: {}, parameters: [], summary: 'x', 'x-custom': 1, security: [] } },
    });
    const { api } = await load(text);
    expect(api.resources[0].path).toBe('/pet');
    expect(api.resources[0].operations).toEqual([expect.objectContaining({ method: 'GET', produces: ['application/json'] })]);
  });

  itWithCcFixtures('resolves disabled security: operation over path item over API; x-auth-type None always wins', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/disable_security_openAPI.yaml'));
    expect(api.resources.map((r) => [r.path, r.operations[0].disableSecurity])).toEqual([
      ['/pet/findByStatus', false],
      ['/echo-full', true],
      ['/echo', true],
      ['/pet/findByTags', true],
    ]);
    const text = oas3({
      'x-wso2-disable-security': true,
      paths: { '/a': { get: { 'x-wso2-disable-security': false } }, '/b': { get: {} }, '/c': { get: { 'x-auth-type': 'None', 'x-wso2-disable-security': false } } },
    });
    const second = await load(text);
    expect(second.api.disableSecurity).toBe(true);
    expect(second.api.resources.map((r) => r.operations[0].disableSecurity)).toEqual([false, true, true]);
  });

  itWithCcFixtures('keeps security requirements as written, the operation replacing the API', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/scopes_openAPI.yaml'));
    const byPath = new Map(api.resources.map((r) => [r.path, r.operations[0].security]));
    expect(byPath.get('/pet/findByStatus')).toEqual([{ petstore_auth: ['write:scopes'] }]);
    expect(byPath.get('/pet/{petId}')).toEqual([{ petstore_auth: [] }]);
    expect(byPath.get('/pets/findByTags')).toEqual([{ petstore_auth: ['write:scopes', 'read:scopes'] }]);
    expect(Object.keys(api.securitySchemes)).toEqual(['api_key', 'petstore_auth']);
  });

  itWithCcFixtures('reads x-wso2-http2-backend-enabled', async () => {
    expect((await loadDocument(readFixture('integration/openAPIs/http2_clear_text_openAPI.yaml'))).api.http2Backend).toBe(true);
    expect((await load(oas3())).api.http2Backend).toBe(false);
  });
});
