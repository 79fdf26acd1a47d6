import type { LoadedApi } from '#core';
import { describeWithCcFixtures, loadDocument, loadFolder, oas3, projectOf, readFixture } from './fixtures.spec-support.js';
import { fixtureClientCertificates } from './client-certificates.spec-support.js';

/**
 * Nothing silently inert (issue 13, item 7): a feature Portico does not apply yet deploys with a
 * warning `not-applied.<feature>` at its location; features it applies, or that limit nothing
 * (`Unlimited`), deploy without one.
 */
const warningsOf = (loaded: LoadedApi): [string, string | undefined][] => loaded.warnings.map((w) => [w.code, w.location]);
const documentWarnings = async (extra: Record<string, unknown>) => warningsOf(await loadDocument(oas3(extra), undefined, 'swagger.json'));

function apiYaml(data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'api',
    version: 'v4.1.0',
    data: { name: 'Pets', version: '1.0.0', context: '/pets', type: 'HTTP', endpointConfig: { production_endpoints: { url: 'http://yaml.example/y' } }, ...data },
  });
}
const projectWarnings = async (data: Record<string, unknown>, more = {}, definition = oas3()) =>
  warningsOf(await loadFolder(projectOf(definition, apiYaml(data), more)));

const operation = (extension: Record<string, unknown>) => ({ paths: { '/pet': { ...extension, get: { ...extension, responses: { '200': { description: 'ok' } } } } } });

describe('definition extensions Portico does not apply yet', () => {
  it.each([
    ['throttling tiers (API level)', { 'x-wso2-throttling-tier': 'Gold', 'x-throttling-tier': '10KPerMin' }, [
      ['not-applied.throttling', 'swagger.json#/x-wso2-throttling-tier'],
      ['not-applied.throttling', 'swagger.json#/x-throttling-tier'],
    ]],
    ['throttling tiers (path and operation level)', operation({ 'x-throttling-tier': 'Gold' }), [
      ['not-applied.throttling', 'swagger.json#/paths/~1pet/x-throttling-tier'],
      ['not-applied.throttling', 'swagger.json#/paths/~1pet/get/x-throttling-tier'],
    ]],
    ['interceptors', { 'x-wso2-request-interceptor': { serviceURL: 'https://i.example' }, ...operation({ 'x-wso2-response-interceptor': { serviceURL: 'https://i.example' } }) }, [
      ['not-applied.interceptors', 'swagger.json#/x-wso2-request-interceptor'],
      ['not-applied.interceptors', 'swagger.json#/paths/~1pet/x-wso2-response-interceptor'],
      ['not-applied.interceptors', 'swagger.json#/paths/~1pet/get/x-wso2-response-interceptor'],
    ]],
    ['passing request bodies to an enforcer', { 'x-wso2-pass-request-payload-to-enforcer': true }, [
      ['not-applied.request-payload-to-enforcer', 'swagger.json#/x-wso2-pass-request-payload-to-enforcer'],
    ]],
    ['HTTP/2 to the backend', { 'x-wso2-http2-backend-enabled': true }, [['not-applied.http2-backend', 'swagger.json#/x-wso2-http2-backend-enabled']]],
    ['a response cache', { 'x-wso2-response-cache': { enabled: true, cacheTimeoutInSeconds: 300 } }, [['not-applied.response-cache', 'swagger.json#/x-wso2-response-cache']]],
    ['HTTPS only', { 'x-wso2-transports': ['https'] }, [['not-applied.transports', 'swagger.json#/x-wso2-transports']]],
  ])('%s', async (_feature, extra, expected) => {
    expect(await documentWarnings(extra)).toEqual(expected);
  });

  it('says what is not applied and what happens instead', async () => {
    const [cache] = (await loadDocument(oas3({ 'x-wso2-response-cache': { enabled: true, cacheTimeoutInSeconds: 300 } }))).warnings;
    expect(cache.message).toMatch(/ — not applied yet: Portico does not cache responses$/);
  });

  it('stays quiet about retries, circuit breakers and failover, which Portico applies (issue 16)', async () => {
    const loaded = await loadDocument(
      oas3({
        'x-wso2-production-endpoints': {
          urls: ['http://a.example', 'http://b.example'],
          type: 'failover',
          advanceEndpointConfig: { retryConfig: { count: 2, statusCodes: [503] }, circuitBreakers: { maxRequests: 10 } },
        },
      }),
      undefined,
      'swagger.json',
    );
    expect(loaded.warnings).toEqual([]);
    expect(loaded.api.endpoints.PRODUCTION).toMatchObject({ policy: 'FAILOVER', retry: { count: 2, statusCodes: [503] }, circuitBreakers: { maxRequests: 10 } });
  });

  it('stays quiet about what Portico applies and about settings that change nothing', async () => {
    expect(
      await documentWarnings({
        'x-wso2-cors': { corsConfigurationEnabled: true, accessControlAllowOrigins: ['*'] },
        'x-wso2-disable-security': true,
        'x-wso2-auth-header': 'X-Token',
        'x-wso2-basePath': '/pets',
        'x-throttling-tier': 'Unlimited',
        'x-wso2-transports': ['http', 'https'],
        'x-wso2-response-cache': { enabled: false, cacheTimeoutInSeconds: 300 },
        'x-wso2-http2-backend-enabled': false,
        'x-wso2-pass-request-payload-to-enforcer': false,
        'x-wso2-production-endpoints': { urls: ['http://a.example'], type: 'failover', advanceEndpointConfig: { timeoutInMillis: 500, retryConfig: { count: 0 } } },
        ...operation({ 'x-auth-type': 'None', 'x-wso2-throttling-tier': 'unlimited' }),
      }),
    ).toEqual([]);
  });
});

describe('api.yaml fields Portico does not apply yet', () => {
  it('warns about throttling policies, subscription tiers, policies, caching and transports, each where it is', async () => {
    const operations = [
      { target: '/pet', verb: 'GET', throttlingPolicy: '10KPerMin', operationPolicies: { request: [{ policyName: 'ccAddHeader' }], response: [], fault: [] } },
      { target: '/pet', verb: 'POST', throttlingPolicy: 'Unlimited', operationPolicies: { request: [], response: [], fault: [] } },
    ];
    const warnings = await projectWarnings(
      {
        apiThrottlingPolicy: '50KPerMin',
        policies: ['Gold', 'Unlimited'],
        securityScheme: ['oauth2'],
        apiPolicies: { request: [{ policyName: 'addQueryParam' }] },
        operations,
        responseCachingEnabled: true,
        transport: ['https'],
      },
      { 'Policies/ccAddHeader_v1.yaml': 'type: operation_policy_specification\n', 'Policies/ccAddHeader_v1.gotmpl': '{{ . }}\n' },
    );
    expect(warnings).toEqual([
      ['not-applied.throttling', 'api.yaml#/data/apiThrottlingPolicy'],
      ['not-applied.throttling', 'api.yaml#/data/policies'],
      ['not-applied.api-policies', 'api.yaml#/data/apiPolicies'],
      ['not-applied.throttling', 'api.yaml#/data/operations/0/throttlingPolicy'],
      ['not-applied.api-policies', 'api.yaml#/data/operations/0/operationPolicies'],
      ['not-applied.response-cache', 'api.yaml#/data/responseCachingEnabled'],
      ['not-applied.transports', 'api.yaml#/data/transport'],
      ['not-applied.api-policies', 'Policies/'],
    ]);
  });

  it('applies backend Basic auth, failovers and retries of endpointConfig without a warning', async () => {
    const endpointConfig = {
      production_endpoints: { url: 'http://a.example', config: { retryTimeOut: '3' } },
      production_failovers: [{ url: 'http://b.example' }],
      endpoint_security: { production: { enabled: true, type: 'BASIC', username: 'u', password: 'p' } },
    };
    const loaded = await loadFolder(projectOf(oas3({ 'x-wso2-production-endpoints': undefined }), apiYaml({ endpointConfig })));
    expect(warningsOf(loaded)).toEqual([]);
    expect(loaded.api.endpoints.PRODUCTION).toMatchObject({
      security: { type: 'BASIC', username: 'u', password: { value: 'p' } },
      policy: 'FAILOVER',
      urls: [{ host: 'a.example' }, { host: 'b.example' }],
      retry: { count: 3, statusCodes: [504] },
    });
  });

  it('stays quiet about the defaults of every exported project', async () => {
    const exported = {
      policies: ['Unlimited'],
      apiThrottlingPolicy: null,
      transport: ['http', 'https'],
      securityScheme: ['oauth2', 'oauth_basic_auth_api_key_mandatory'],
      responseCachingEnabled: false,
      operations: [{ target: '/pet', verb: 'GET', throttlingPolicy: 'Unlimited', operationPolicies: { request: [], response: [], fault: [] } }],
    };
    expect(await projectWarnings(exported)).toEqual([]);
  });
});

describeWithCcFixtures('the Choreo Connect fixtures that use such features', () => {
  const fixture = (name: string) => readFixture(`integration/openAPIs/${name}`);

  it('mutual_ssl_openAPI.yaml with mutual_ssl_api.yaml: subscription tiers (mutual TLS is applied)', async () => {
    const certificates = await fixtureClientCertificates();
    const loaded = await loadFolder(projectOf(fixture('mutual_ssl_openAPI.yaml'), readFixture('integration/apiYaml/mutual_ssl_api.yaml'), certificates));
    expect(warningsOf(loaded)).toEqual([['not-applied.throttling', 'api.yaml#/data/policies']]);
  });

  it.each([
    ['intercept_request_path_level_openAPI.yaml', [
      ['not-applied.interceptors', 'intercept_request_path_level_openAPI.yaml#/paths/~1echo~1123/x-wso2-request-interceptor'],
      ['not-applied.interceptors', 'intercept_request_path_level_openAPI.yaml#/paths/~1echo~1456/x-wso2-request-interceptor'],
    ]],
    // Backend Basic auth is applied (issue 17).
    ['backend_security_openAPI.yaml', []],
    ['http2_clear_text_openAPI.yaml', [['not-applied.http2-backend', 'http2_clear_text_openAPI.yaml#/x-wso2-http2-backend-enabled']]],
    // `false` asks for what Portico does anyway: nothing is passed to an enforcer.
    ['request_body_pass_disabled_openAPI.yaml', []],
  ])('%s', async (file, expected) => {
    expect(warningsOf(await loadDocument(fixture(file), undefined, file))).toEqual(expected);
  });

  it('retry_openAPI.yaml: retries are applied, so only its normalisations warn', async () => {
    const codes = (await loadDocument(fixture('retry_openAPI.yaml'))).warnings.map((w) => w.code);
    expect(codes.filter((c) => c.startsWith('not-applied.'))).toEqual([]);
    expect(codes).toContain('endpoint.retry-adjusted');
  });
});
