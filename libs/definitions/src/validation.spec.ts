import { DeployRejectedError } from '#core';
import { loadDocument, loadFolder, oas3, problemsOf } from './fixtures.spec-support.js';

function apiYaml(data: Record<string, unknown>): string {
  return JSON.stringify({ type: 'api', version: 'v4.1.0', data: { name: 'Pets', version: '1.0.0', context: '/pets', type: 'HTTP', ...data } });
}

const problemsOfDocument = (text: string) => problemsOf(loadDocument(text, undefined, 'swagger.json'));
const production = (urls: unknown[]) => oas3({ 'x-wso2-production-endpoints': { urls } });

describe('deploy-time validation (spec §3.5)', () => {
  it('accepts the valid base document', async () => {
    await expect(loadDocument(oas3())).resolves.toBeDefined();
  });

  it.each([
    ['port 0', 'http://backend.example:0/v1', 'endpoint.port-range', 'endpoint port value should be between 0 and 65535: http://backend.example:0/v1'],
    ['port above 65535', 'http://backend.example:65536', 'endpoint.port-range', 'endpoint port value should be between 0 and 65535: http://backend.example:65536'],
    ['an empty URL', '  ', 'endpoint.host-empty', 'empty Hostname is provided'],
    ['a relative URL', '/v1/pets', 'endpoint.host-relative', 'relative paths are not supported as endpoint URLs: /v1/pets'],
    ['an invalid host', 'http://-backend-/v1', 'endpoint.host-invalid', 'malformed endpoint detected (Invalid host name) : http://-backend-/v1'],
    ['a one-character host', 'http://b:8080', 'endpoint.host-invalid', 'malformed endpoint detected (Invalid host name) : http://b:8080'],
    ['an unparsable URL', 'http:..mockBackend/v2', 'endpoint.url-invalid', 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2'],
    ['an unsupported scheme', 'ftp://backend.example/v1', 'endpoint.scheme-unsupported', 'endpoint scheme "ftp" is not supported here (use http or https): ftp://backend.example/v1'],
    ['a WebSocket URL in an HTTP API', 'ws://backend.example/v1', 'endpoint.scheme-unsupported', 'endpoint scheme "ws" is not supported here (use http or https): ws://backend.example/v1'],
  ])('refuses %s', async (_case, url, code, message) => {
    expect(await problemsOfDocument(production([url]))).toEqual([
      { code, message, location: 'swagger.json#/x-wso2-production-endpoints/urls/0' },
    ]);
  });

  it('refuses an API without any endpoint', async () => {
    const text = oas3({ 'x-wso2-production-endpoints': undefined });
    expect(await problemsOfDocument(text)).toEqual([{ code: 'endpoints.none', message: 'no endpoints are provided for the API', location: 'swagger.json' }]);
  });

  it('accepts an API without API-level endpoints when every resource has its own', async () => {
    const text = oas3({
      'x-wso2-production-endpoints': undefined,
      paths: { '/pet': { 'x-wso2-sandbox-endpoints': { urls: ['http://sandbox.example'] }, get: {} } },
    });
    const { api } = await loadDocument(text);
    expect(api.endpoints).toEqual({});
    expect(api.resources[0].endpoints.SANDBOX?.name).toBe('/pet SANDBOX');
  });

  it('refuses an empty base path, naming the ways to give one', async () => {
    const text = oas3({ 'x-wso2-basePath': undefined, servers: [{ url: 'http://backend.example:8080' }] });
    expect(await problemsOfDocument(text)).toEqual([
      {
        code: 'basepath.empty',
        message:
          "empty Basepath is provided. Provide a non empty context either using the x-wso2-basePath extension, or else 'basePath' (if OpenAPI v2) or a 'servers' entry (if OpenAPI v3)",
        location: 'swagger.json',
      },
    ]);
  });

  it.each(['pets', '/pets and cats', '/pets?x=1'])('refuses the base path %j', async (basePath) => {
    expect(await problemsOfDocument(oas3({ 'x-wso2-basePath': basePath }))).toEqual([
      { code: 'basepath.invalid', message: `invalid basepath. Does not start with / or includes invalid characters: ${basePath}`, location: 'swagger.json#/x-wso2-basePath' },
    ]);
  });

  it.each([
    ['not a map', 'fast'],
    ['a string timeout', { timeoutInMillis: '3000' }],
    ['a retry config of the wrong shape', { retryConfig: { count: 'two' } }],
    ['non-numeric status codes', { retryConfig: { count: 1, statusCodes: ['504'] } }],
    ['a circuit breaker of the wrong type', { circuitBreakers: { maxRequests: 1.5 } }],
  ])('refuses advanceEndpointConfig with %s', async (_case, advanceEndpointConfig) => {
    const text = oas3({ 'x-wso2-production-endpoints': { urls: ['http://backend.example'], advanceEndpointConfig } });
    expect(await problemsOfDocument(text)).toEqual([
      {
        code: 'endpoint.advance-config-invalid',
        message: 'Invalid schema for advanceEndpointConfig in x-wso2-production-endpoints',
        location: 'swagger.json#/x-wso2-production-endpoints/advanceEndpointConfig',
      },
    ]);
  });

  it('refuses an endpoint object without urls', async () => {
    const text = oas3({ 'x-wso2-sandbox-endpoints': { type: 'failover' } });
    expect(await problemsOfDocument(text)).toEqual([
      { code: 'endpoint.urls-missing', message: 'urls property is not provided with the x-wso2-sandbox-endpoints extension', location: 'swagger.json#/x-wso2-sandbox-endpoints' },
    ]);
  });

  it('refuses backend security types Portico does not know', async () => {
    const text = oas3({ 'x-wso2-production-endpoints': { urls: ['http://backend.example'], securityConfig: { type: 'digest', username: 'u', password: 'p' } } });
    expect(await problemsOfDocument(text)).toEqual([
      {
        code: 'endpoint.security-type-unsupported',
        message: 'endpoint security type : digest is not currently supported with WSO2 Choreo Connect',
        location: 'swagger.json#/x-wso2-production-endpoints/securityConfig',
      },
    ]);
  });

  it('refuses a reference to an unknown shared endpoint', async () => {
    const text = oas3({
      'x-wso2-endpoints': [{ known: { urls: ['http://backend.example/v1'] } }],
      'x-wso2-production-endpoints': '#/x-wso2-endpoints/unknown',
    });
    expect(await problemsOfDocument(text)).toEqual([
      { code: 'endpoint.reference-invalid', message: 'Invalid endpoint reference #/x-wso2-endpoints/unknown', location: 'swagger.json#/x-wso2-production-endpoints' },
    ]);
  });

  it('refuses different base paths in an API with x-wso2-endpoints (strict base path)', async () => {
    const text = oas3({
      'x-wso2-endpoints': [{ shared: { urls: ['http://backend.example/v2'] } }],
      paths: { '/pet': { 'x-wso2-sandbox-endpoints': '#/x-wso2-endpoints/shared', get: {} } },
    });
    expect(await problemsOfDocument(text)).toEqual([
      expect.objectContaining({ code: 'endpoint.basepath-mismatch', location: 'swagger.json#/x-wso2-endpoints/0/shared' }),
    ]);
  });

  it('refuses documents that are not OpenAPI 2/3 or AsyncAPI 2', async () => {
    for (const root of [{ openapi: '4.0.0' }, { swagger: '1.2' }, { info: { title: 'x' } }]) {
      expect(await problemsOfDocument(JSON.stringify(root))).toEqual([
        { code: 'definition.version-unsupported', message: 'API version not specified or not supported', location: 'swagger.json' },
      ]);
    }
  });

  it('reports syntax errors with file, line and column, and non-mapping documents', async () => {
    expect(await problemsOf(loadDocument('openapi: 3.0.0\ninfo:\n  title: [unclosed\n', undefined, 'swagger.yaml'))).toEqual([
      expect.objectContaining({ code: 'document.syntax', location: expect.stringMatching(/^swagger\.yaml:\d+:\d+$/), message: expect.stringMatching(/^swagger\.yaml: syntax error at line \d+, column \d+: /) }),
    ]);
    expect(await problemsOf(loadDocument('- just\n- a list\n', undefined, 'swagger.yaml'))).toEqual([
      { code: 'document.not-an-object', message: 'swagger.yaml: expected a mapping (key: value pairs) at the top level', location: 'swagger.yaml' },
    ]);
  });

  it('requires a title and a version for documents deployed without api.yaml', async () => {
    const text = oas3({ info: {} });
    expect(await problemsOfDocument(text)).toEqual([
      { code: 'api.name-missing', message: 'info.title is required: it names an API deployed without api.yaml', location: 'swagger.json#/info/title' },
      { code: 'api.version-missing', message: 'info.version is required: it is the version of an API deployed without api.yaml', location: 'swagger.json#/info/version' },
    ]);
  });

  it('reports every problem of one document at once, each with its location', async () => {
    const text = oas3({
      'x-wso2-basePath': 'no-slash',
      'x-wso2-production-endpoints': { urls: ['http://backend.example:99999/v1'], advanceEndpointConfig: [] },
      'x-wso2-sandbox-endpoints': { urls: ['http://ok.example/v1', 'http://_bad_/v1'] },
      paths: {
        '/pet': { 'x-wso2-production-endpoints': '#/x-wso2-endpoints/missing', get: {} },
        '/store': { 'x-wso2-sandbox-endpoints': { urls: ['http://ok.example/v1'], securityConfig: { type: 'oauth' } }, get: {} },
      },
    });
    const problems = await problemsOfDocument(text);
    expect(problems.map((p) => [p.code, p.location])).toEqual(
      expect.arrayContaining([
        ['basepath.invalid', 'swagger.json#/x-wso2-basePath'],
        ['endpoint.port-range', 'swagger.json#/x-wso2-production-endpoints/urls/0'],
        ['endpoint.advance-config-invalid', 'swagger.json#/x-wso2-production-endpoints/advanceEndpointConfig'],
        ['endpoint.host-invalid', 'swagger.json#/x-wso2-sandbox-endpoints/urls/1'],
        ['endpoint.reference-invalid', 'swagger.json#/paths/~1pet/x-wso2-production-endpoints'],
        ['endpoint.security-type-unsupported', 'swagger.json#/paths/~1store/x-wso2-sandbox-endpoints/securityConfig'],
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('rejects with status 422 for invalid projects and 400 for unreadable uploads', async () => {
    const invalid = await loadDocument(production(['http://backend.example:0'])).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DeployRejectedError);
    expect((invalid as DeployRejectedError).status).toBe(422);
    const unreadable = await loadDocument('{ "openapi": ').catch((e: unknown) => e);
    expect((unreadable as DeployRejectedError).status).toBe(400);
  });
});

describe('api.yaml checks (spec §3.2 rules)', () => {
  const definition = oas3();

  it('needs an endpoint in api.yaml itself, even when the definition has endpoints', async () => {
    const problems = await problemsOf(loadFolder({ 'api.yaml': apiYaml({}), 'Definitions/swagger.json': definition }));
    expect(problems).toEqual([
      { code: 'api-yaml.fields-missing', message: 'API production and sandbox endpoints fields cannot be empty for Pets 1.0.0', location: 'api.yaml#/data' },
    ]);
  });

  it('lists every missing field in one message', async () => {
    const problems = await problemsOf(loadFolder({ 'api.yaml': JSON.stringify({ data: { type: 'HTTP' } }), 'Definitions/swagger.json': definition }));
    expect(problems).toEqual([
      {
        code: 'api-yaml.fields-missing',
        message: 'API Name API Version API Context API production and sandbox endpoints fields cannot be empty for unknownAPIName unknownAPIVersion',
        location: 'api.yaml#/data',
      },
    ]);
  });

  it('refuses empty and relative api.yaml endpoint URLs', async () => {
    const endpointConfig = { production_endpoints: [{ url: '/v1' }, { url: 'http://ok.example' }], sandbox_endpoints: { url: '' } };
    const problems = await problemsOf(loadFolder({ 'api.yaml': apiYaml({ endpointConfig }), 'Definitions/swagger.json': definition }));
    expect(problems).toEqual([
      { code: 'api-yaml.endpoint-relative', message: 'relative urls or empty values are not supported for API production endpoints', location: 'api.yaml#/data/endpointConfig/production_endpoints/0/url' },
      { code: 'api-yaml.endpoint-relative', message: 'relative urls or empty values are not supported for API sandbox endpoints', location: 'api.yaml#/data/endpointConfig/sandbox_endpoints/url' },
    ]);
  });

  it('refuses unsupported API types and INLINE implementations', async () => {
    const endpointConfig = { production_endpoints: { url: 'http://ok.example' } };
    const problems = await problemsOf(
      loadFolder({ 'api.yaml': apiYaml({ type: 'grpc', endpointImplementationType: 'INLINE', endpointConfig }), 'Definitions/swagger.json': definition }),
    );
    expect(problems).toEqual([
      { code: 'api-yaml.implementation-unsupported', message: 'INLINE endpointImplementationType is not supported with Choreo Connect', location: 'api.yaml#/data/endpointImplementationType' },
      { code: 'api-yaml.type-unsupported', message: 'The given API type is currently not supported in Choreo Connect. API type: grpc', location: 'api.yaml#/data/type' },
    ]);
  });

  it('needs api.yaml and a definition in a project', async () => {
    expect(await problemsOf(loadFolder({ 'Proj/Definitions/swagger.json': definition }))).toEqual([
      { code: 'project.api-yaml-missing', message: 'could not find api.yaml or api.json' },
    ]);
    expect(await problemsOf(loadFolder({ 'Proj/api.yaml': apiYaml({}), 'Proj/Docs/readme.md': 'x' }))).toEqual([
      expect.objectContaining({ code: 'project.definition-missing' }),
    ]);
  });

  it('skips the endpoint checks for mocked APIs', async () => {
    const { api } = await loadFolder({ 'api.yaml': apiYaml({ endpointImplementationType: 'MOCKED_OAS' }), 'Definitions/swagger.json': definition });
    expect(api.connector.type).toBe('mock');
  });
});
