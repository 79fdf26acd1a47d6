import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedApi } from '#core';
import {
  apictlApiYaml,
  describeWithCcFixtures,
  fixturePath,
  loadDocument,
  loadFolder,
  loadZip,
  problemsOf,
  projectOf,
  readFixture,
  type ProjectContent,
} from './fixtures.spec-support.js';
import { fixtureClientCertificates } from './client-certificates.spec-support.js';

/** Definitions Choreo Connect only deploys together with an api.yaml (mocked: no endpoints at all). */
const NEEDS_API_YAML: Readonly<Record<string, string>> = {
  'mock_endpoint_openAPI.yaml': 'integration/apiYaml/mock_impl_test.yaml',
};

function folderFiles(relative: string): ProjectContent {
  const root = fixturePath(relative);
  const files: Record<string, Buffer> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[`${relative.split('/').at(-1)}/${path}`] = readFileSync(join(root, path));
    }
  };
  walk('');
  return files;
}

function expectWellFormed({ api }: LoadedApi): void {
  expect(api.name).not.toBe('');
  expect(api.basePath).toMatch(/^(\/[a-zA-Z0-9~/_.-]*)?$/);
  expect(api.deploymentTargets).toEqual([{ environment: 'Default', vhost: 'localhost' }]);
  expect(Object.isFrozen(api) && Object.isFrozen(api.resources)).toBe(true);
  for (const resource of api.resources) expect(resource.operations.length).toBeGreaterThan(0);
}

describeWithCcFixtures('Choreo Connect integration definitions (integration/openAPIs)', () => {
  // x-wso2-mutual-ssl needs the project's Client-certificates/, which a definition alone cannot bring.
  const MUTUAL_SSL = ['mutual_ssl_mandatory_openAPI.yaml', 'mutual_ssl_openAPI.yaml', 'mutual_ssl_optional_openAPI.yaml'];
  const OPEN_APIS = readdirSync(fixturePath('integration/openAPIs')).filter((f) => f !== 'malformed_endpoint_openAPI.yaml');

  it.each(OPEN_APIS)('accepts %s', async (file) => {
    const text = readFixture(`integration/openAPIs/${file}`);
    const loaded = NEEDS_API_YAML[file]
      ? await loadFolder(projectOf(text, readFixture(NEEDS_API_YAML[file])))
      : await loadDocument(text, undefined, file);
    expectWellFormed(loaded);
  });

  it.each(MUTUAL_SSL)('warns that %s deployed alone has mutual SSL without a client certificate', async (file) => {
    const loaded = await loadDocument(readFixture(`integration/openAPIs/${file}`), undefined, 'swagger.yaml');
    expect(loaded.warnings).toContainEqual(expect.objectContaining({ code: 'mutual-ssl.no-client-certificates', location: 'swagger.yaml' }));
  });

  it('rejects malformed_endpoint_openAPI.yaml, naming both broken URLs', async () => {
    const problems = await problemsOf(loadDocument(readFixture('integration/openAPIs/malformed_endpoint_openAPI.yaml'), undefined, 'swagger.yaml'));
    expect(problems).toEqual([
      { code: 'endpoint.url-invalid', message: 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2', location: 'swagger.yaml#/x-wso2-production-endpoints/urls/0' },
      { code: 'endpoint.url-invalid', message: 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2', location: 'swagger.yaml#/x-wso2-sandbox-endpoints/urls/0' },
    ]);
  });

  it('names document deployments as apictl init does and keeps the document', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/openAPI.yaml'));
    expect(api).toMatchObject({ name: 'SwaggerPetstore', version: '1.0.5', type: 'HTTP', basePath: '/v2/standard', organization: 'carbon.super' });
    expect(api.id).toMatch(/^[0-9a-f]{40}$/);
    expect(api.definition.format).toBe('openapi2');
    expect((api.definition.document.info as { title: string }).title).toBe('Swagger Petstore');
  });
});

describeWithCcFixtures('integration/apiYaml files with their definitions', () => {
  const pairs: readonly [string, string][] = [
    ['api_policies.yaml', 'api_policy_openAPI.yaml'],
    ['api_policies_invalid_param_id.yaml', 'api_policy_invalid_param_id_openAPI.yaml'],
    ['api_policy_intercept_request.yaml', 'api_policy_intercept_request_openAPI.yaml'],
    ['api_policy_intercept_response.yaml', 'api_policy_intercept_response_openAPI.yaml'],
    ['api_policy_per_operation.yaml', 'api_policy_per_operation_openAPI.yaml'],
    ['default_version_v1.yaml', 'default_version_v1_OpenAPI.yaml'],
    ['default_version_v2.yaml', 'default_version_v2_OpenAPI.yaml'],
    ['mock_impl_test.yaml', 'mock_endpoint_openAPI.yaml'],
    ['mutual_ssl_api.yaml', 'mutual_ssl_openAPI.yaml'],
    ['mutual_ssl_mandatory_api.yaml', 'mutual_ssl_mandatory_openAPI.yaml'],
    ['mutual_ssl_optional_api.yaml', 'mutual_ssl_optional_openAPI.yaml'],
  ];

  it('covers every api.yaml of the fixtures', () => {
    expect(pairs.map(([apiYaml]) => apiYaml).sort()).toEqual(readdirSync(fixturePath('integration/apiYaml')).sort());
  });

  /** Names with spaces ("API-Policy API"): the adapter API could never undeploy them (issue 13, item 8). */
  const SPACED_NAMES = ['api_policies.yaml', 'api_policies_invalid_param_id.yaml', 'api_policy_per_operation.yaml'];

  it.each(pairs.filter(([apiYaml]) => !SPACED_NAMES.includes(apiYaml)))('accepts %s with %s', async (apiYaml, definition) => {
    const certificates = apiYaml.startsWith('mutual_ssl') ? await fixtureClientCertificates() : {};
    const loaded = await loadFolder(projectOf(readFixture(`integration/openAPIs/${definition}`), readFixture(`integration/apiYaml/${apiYaml}`), certificates));
    expectWellFormed(loaded);
  });

  it.each(pairs.filter(([apiYaml]) => SPACED_NAMES.includes(apiYaml)))('refuses %s with %s for the spaces in its name', async (apiYaml, definition) => {
    const problems = await problemsOf(loadFolder(projectOf(readFixture(`integration/openAPIs/${definition}`), readFixture(`integration/apiYaml/${apiYaml}`))));
    expect(problems).toEqual([expect.objectContaining({ code: 'api.name-invalid', location: 'api.yaml#/data/name' })]);
  });

  it('takes identity and flags from api.yaml', async () => {
    const { api } = await loadFolder(projectOf(readFixture('integration/openAPIs/default_version_v2_OpenAPI.yaml'), readFixture('integration/apiYaml/default_version_v2.yaml')));
    expect(api).toMatchObject({ name: 'DefaultVersion', version: '2.0.0', isDefaultVersion: true, lifecycle: 'PUBLISHED', basePath: '/defaultVersion/2.0.0' });
    const mutual = await loadFolder(projectOf(readFixture('integration/openAPIs/mutual_ssl_openAPI.yaml'), readFixture('integration/apiYaml/mutual_ssl_api.yaml'), await fixtureClientCertificates()));
    expect(mutual.api.id).toBe('db038e80-34d9-4503-b590-e12ad216f562');
    expect(mutual.api.apiYamlSecuritySchemes).toEqual(['oauth2', 'api_key', 'oauth_basic_auth_api_key_mandatory', 'mutualssl', 'mutualssl_mandatory']);
  });
});

describeWithCcFixtures('sample projects (samples/apiProjects)', () => {
  it.each(['folder', 'zip'] as const)('loads SampleSOAPApi as a %s', async (kind) => {
    const files = folderFiles('samples/apiProjects/SampleSOAPApi');
    const { api, warnings } = kind === 'zip' ? await loadZip(files) : await loadFolder(files);
    expect(warnings).toEqual([]);
    expect(api).toMatchObject({ name: 'SampleSOAPApi', version: '1.0.0', type: 'SOAP', basePath: '/soap/1.0.0', lifecycle: 'CREATED' });
    expect(api.connector).toEqual({ type: 'soap', options: {}, location: expect.any(String) });
    expect(api.endpoints.PRODUCTION).toMatchObject({ name: 'PRODUCTION', policy: 'LOAD_BALANCE', urls: [{ scheme: 'http', host: 'mockBackend', port: 2340, basePath: '' }] });
    // api.yaml's sandbox endpoint survives: the definition has no host and no sandbox extension.
    expect(api.endpoints.SANDBOX?.urls[0].rawUrl).toBe('http://mockBackend:2340');
    expect(api.resources.map((r) => [r.path, r.operations.map((o) => o.method)])).toEqual([['/*', ['POST']]]);
    expect(api.deploymentTargets).toEqual([{ environment: 'Default', vhost: 'localhost' }]);
  });

  it.each(['folder', 'zip'] as const)('loads SampleWebsocketApi as a %s, ignoring its // annotations', async (kind) => {
    const files = folderFiles('samples/apiProjects/SampleWebsocketApi');
    const { api, warnings } = kind === 'zip' ? await loadZip(files) : await loadFolder(files);
    expect(api).toMatchObject({ id: '9bc3dbd7-7635-406e-bfd2-2c71dcb05b98', name: 'WebSocket', version: '1.0.0', type: 'WS', basePath: '/websocket/1.0.0' });
    expect(api.connector.type).toBe('websocket');
    expect(api.endpoints.PRODUCTION?.urls).toEqual([{ rawUrl: 'ws://ws.ifelse.io:80', scheme: 'ws', host: 'ws.ifelse.io', port: 80, basePath: '' }]);
    expect(api.resources).toEqual([
      expect.objectContaining({ path: '/notifications', uriMapping: '/notifications', operations: [expect.objectContaining({ method: 'GET', disableSecurity: false })] }),
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'api-yaml.comment-ignored', location: 'api.yaml:6' }),
      expect.objectContaining({ code: 'not-applied.throttling', location: 'api.yaml#/data/apiThrottlingPolicy' }),
      expect.objectContaining({ code: 'not-applied.throttling', location: 'api.yaml#/data/operations/0/throttlingPolicy' }),
      expect.objectContaining({ code: 'not-applied.throttling', location: 'api.yaml#/data/operations/1/throttlingPolicy' }),
    ]);
  });
});

describeWithCcFixtures('AsyncAPI definitions (integration/asyncAPIs) in WebSocket projects', () => {
  it.each(readdirSync(fixturePath('integration/asyncAPIs')))('accepts %s', async (file) => {
    const text = readFixture(`integration/asyncAPIs/${file}`);
    const loaded = await loadFolder(projectOf(text, apictlApiYaml(text)));
    expectWellFormed(loaded);
    expect(loaded.api.connector.type).toBe('websocket');
    expect(loaded.api.endpoints.PRODUCTION?.urls[0]).toMatchObject({ scheme: 'ws', host: 'mockBackend', port: 2360, basePath: '/v2' });
  });

  it('maps topics, uri mappings and disabled security per channel', async () => {
    const topic = readFixture('integration/asyncAPIs/websocket_topic_asyncAPI.yaml');
    const { api } = await loadFolder(projectOf(topic, apictlApiYaml(topic)));
    expect(api.resources.map((r) => [r.path, r.uriMapping])).toEqual([
      ['/notifications', '/notifications'],
      ['/noMapping', undefined],
      ['/rooms/{roomID}', '/rooms?room={uri.var.roomID}'],
    ]);
    const disabled = readFixture('integration/asyncAPIs/websocket_security_disabled_asyncAPI.yaml');
    const second = await loadFolder(projectOf(disabled, apictlApiYaml(disabled)));
    expect(second.api.resources.map((r) => r.operations[0].disableSecurity)).toEqual([true, true]);
  });
});

describe('AsyncAPI details', () => {
  it('adds ws:// to server URLs without a scheme, falls back to subscribe and honours API-level disabled security', async () => {
    const text = JSON.stringify({
      asyncapi: '2.0.0',
      info: { title: 'Chat', version: '1.0.0' },
      'x-wso2-basePath': '/chat',
      'x-wso2-disable-security': true,
      servers: { production: { url: 'chat.example:9000/rooms', protocol: 'ws' }, sandbox: { url: 'wss://sand.example' } },
      channels: { '/in': { subscribe: { 'x-uri-mapping': '/incoming' } }, '/none': { parameters: {} }, '/open': { publish: {}, 'x-wso2-disable-security': false } },
    });
    const { api } = await loadDocument(text);
    expect(api.endpoints.PRODUCTION?.urls).toEqual([{ rawUrl: 'chat.example:9000/rooms', scheme: 'ws', host: 'chat.example', port: 9000, basePath: '/rooms' }]);
    expect(api.endpoints.SANDBOX?.urls[0]).toMatchObject({ scheme: 'wss', port: 443 });
    expect(api.resources.map((r) => [r.path, r.uriMapping, r.operations[0].disableSecurity, r.operations[0].location])).toEqual([
      ['/in', '/incoming', true, '/channels/~1in/subscribe'],
      ['/open', undefined, false, '/channels/~1open/publish'],
    ]);
  });
});

describeWithCcFixtures('adapter unit-test inputs (adapter/envoycodegen)', () => {
  const openApis = ['openapi.yaml', 'openapi_prod_sand_clusters.yaml', 'openapi_with_endpoint_ref.yaml', 'openapi_with_extensions_only.yaml',
    'openapi_with_extensions_servers.yaml', 'openapi_with_prod_sand_extensions.yaml', 'openapi_with_xwso2label.yaml'];

  it.each(openApis)('accepts %s in a project', async (file) => {
    const text = readFixture(`adapter/envoycodegen/${file}`);
    expectWellFormed(await loadFolder(projectOf(text, apictlApiYaml(text))));
  });

  it.each(['api.yaml', 'api_prod.yaml', 'api_sand.yaml', 'ws_api_failover.yaml', 'ws_api_loadbalance.yaml'])(
    'accepts the WebSocket api.yaml %s with asyncapi_websocket.yaml',
    async (apiYaml) => {
      const loaded = await loadFolder(projectOf(readFixture('adapter/envoycodegen/asyncapi_websocket.yaml'), readFixture(`adapter/envoycodegen/${apiYaml}`)));
      expectWellFormed(loaded);
      // The AsyncAPI production server replaces api.yaml's production endpoints.
      expect(loaded.api.endpoints.PRODUCTION?.urls.map((u) => u.rawUrl)).toEqual(['wss://ws.ifelse.io:443']);
    },
  );

  it('keeps api.yaml failover and load-balanced WebSocket sandbox endpoints', async () => {
    const asyncapi = readFixture('adapter/envoycodegen/asyncapi_websocket.yaml');
    const failover = await loadFolder(projectOf(asyncapi, readFixture('adapter/envoycodegen/ws_api_failover.yaml')));
    expect(failover.api.endpoints.SANDBOX).toMatchObject({ policy: 'FAILOVER', urls: [{ rawUrl: 'wss://primary.websocket.org:443' }, { rawUrl: 'ws://echo.websocket.org:80' }] });
    const balanced = await loadFolder(projectOf(asyncapi, readFixture('adapter/envoycodegen/ws_api_loadbalance.yaml')));
    expect(balanced.api.endpoints.SANDBOX).toMatchObject({ policy: 'LOAD_BALANCE', urls: [{ port: 443 }, { port: 80 }] });
  });

  it('reads resource-level servers and failover extensions', async () => {
    const text = readFixture('adapter/envoycodegen/openapi_with_extensions_servers.yaml');
    const { api } = await loadFolder(projectOf(text, apictlApiYaml(text)));
    expect(api.endpoints.PRODUCTION?.urls.map((u) => u.host)).toEqual(['apiLevelEndpoint', 'apiLevelLBEndpoint']);
    const pets = api.resources.find((r) => r.path === '/pets');
    // The extension (step 3) overrides the path item's servers (step 2).
    expect(pets?.endpoints.PRODUCTION).toMatchObject({ name: '/pets PRODUCTION', policy: 'FAILOVER', circuitBreakers: { maxConnections: 2, maxRequests: 15 } });
  });

  it('refuses the GraphQL api.yaml alone: Portico needs a definition file', async () => {
    const problems = await problemsOf(loadFolder({ 'GraphQL/api.yaml': readFixture('adapter/envoycodegen/graphql_api.yaml') }));
    expect(problems).toEqual([expect.objectContaining({ code: 'project.definition-missing' })]);
  });
});
