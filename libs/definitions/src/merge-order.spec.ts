import { createHash } from 'node:crypto';
import { itWithCcFixtures, loadDocument, loadFolder, readFixture } from './fixtures.spec-support.js';

function apiYaml(data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'api',
    version: 'v4.1.0',
    data: {
      name: 'PetStore',
      version: '1.0.0',
      context: '/petstore',
      type: 'HTTP',
      endpointConfig: { endpoint_type: 'http', production_endpoints: { url: 'http://yaml-prod.example/y' }, sandbox_endpoints: { url: 'http://yaml-sand.example/y' } },
      ...data,
    },
  });
}

function oas2(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ swagger: '2.0', info: { title: 'Pet Store Title', version: '9.9.9' }, paths: { '/pet': { get: {} } }, ...extra });
}

function oas3(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ openapi: '3.0.1', info: { title: 'Pet Store Title', version: '9.9.9' }, paths: { '/pet': { get: {} } }, ...extra });
}

const project = (definition: string, yaml = apiYaml()) => loadFolder({ 'PetStore/api.yaml': yaml, 'PetStore/Definitions/swagger.json': definition });
const rawUrls = (set: { urls: readonly { rawUrl: string }[] } | undefined) => set?.urls.map((u) => u.rawUrl);

describe('merge order (spec §3.4)', () => {
  it('takes name and version from api.yaml, never from the definition', async () => {
    const { api } = await project(oas2());
    expect(api).toMatchObject({ name: 'PetStore', version: '1.0.0' });
  });

  it('exposes context/version when the definition gives no base path', async () => {
    const { api } = await project(oas2());
    expect(api.basePath).toBe('/petstore/1.0.0');
    expect(rawUrls(api.endpoints.PRODUCTION)).toEqual(['http://yaml-prod.example/y']);
    expect(rawUrls(api.endpoints.SANDBOX)).toEqual(['http://yaml-sand.example/y']);
  });

  it('lets OpenAPI 2 basePath and host replace api.yaml, preferring https and clearing the sandbox', async () => {
    const { api } = await project(oas2({ host: 'backend.example:8443', basePath: '/v2', schemes: ['http', 'https'] }));
    expect(api.basePath).toBe('/v2');
    expect(api.endpoints.PRODUCTION).toMatchObject({ name: 'PRODUCTION', policy: 'LOAD_BALANCE', urls: [{ rawUrl: 'https://backend.example:8443/v2', port: 8443, basePath: '/v2' }] });
    expect(api.endpoints.SANDBOX).toBeUndefined();
  });

  it('lets absolute OpenAPI 3 servers replace the production endpoints, the last one giving the base path', async () => {
    const { api } = await project(oas3({ servers: [{ url: '/' }, { url: 'http://a.example/v1' }, { url: 'https://b.example/v2/' }] }));
    expect(api.basePath).toBe('/v2');
    expect(api.endpoints.PRODUCTION).toMatchObject({ policy: 'LOAD_BALANCE', urls: [{ host: 'a.example', port: 80 }, { host: 'b.example', port: 443, basePath: '/v2' }] });
    expect(rawUrls(api.endpoints.SANDBOX)).toEqual(['http://yaml-sand.example/y']);
  });

  it('lets x-wso2-basePath win over everything, without appending the version', async () => {
    const { api } = await project(oas2({ host: 'backend.example', basePath: '/v2', 'x-wso2-basePath': '/custom/' }));
    expect(api.basePath).toBe('/custom');
  });

  it('lets the endpoint extensions win over host and servers', async () => {
    const { api } = await project(oas3({ servers: [{ url: 'http://server.example/v3' }], 'x-wso2-production-endpoints': { urls: ['http://ext.example/v2'] } }));
    expect(rawUrls(api.endpoints.PRODUCTION)).toEqual(['http://ext.example/v2']);
    expect(api.basePath).toBe('/v3');
  });

  itWithCcFixtures('drops the host-made production endpoint of a sandbox-only definition', async () => {
    const { api } = await loadDocument(readFixture('integration/openAPIs/sand_openAPI.yaml'));
    expect(api.endpoints.PRODUCTION).toBeUndefined();
    expect(rawUrls(api.endpoints.SANDBOX)).toEqual(['http://mockBackend:2390/v2']);
  });

  it('keeps api.yaml production endpoints when only the sandbox extension is given', async () => {
    const { api } = await project(oas2({ 'x-wso2-sandbox-endpoints': { urls: ['http://ext-sand.example/y'] } }));
    expect(rawUrls(api.endpoints.PRODUCTION)).toEqual(['http://yaml-prod.example/y']);
    expect(rawUrls(api.endpoints.SANDBOX)).toEqual(['http://ext-sand.example/y']);
  });

  it('ignores host and servers of prototyped APIs (spec §10.6)', async () => {
    const { api } = await project(oas2({ host: 'backend.example', basePath: '/v2' }), apiYaml({ lifeCycleStatus: 'prototyped' }));
    expect(api.lifecycle).toBe('PROTOTYPED');
    expect(rawUrls(api.endpoints.PRODUCTION)).toEqual(['http://yaml-prod.example/y']);
    expect(api.basePath).toBe('/v2');
  });

  it('reads api.yaml endpoint lists as load balanced and failovers as failover, primary first', async () => {
    const endpointConfig = {
      production_endpoints: [{ url: 'http://a.example', config: { actionDuration: '3000', retryTimeOut: '2' } }, { url: 'http://b.example' }],
      sandbox_endpoints: { url: 'http://primary.example' },
      sandbox_failovers: [{ url: 'http://backup1.example' }, { url: 'backup2.example:81' }],
    };
    const { api } = await project(oas2(), apiYaml({ endpointConfig }));
    expect(api.endpoints.PRODUCTION).toMatchObject({ policy: 'LOAD_BALANCE', timeoutMs: 3000, retry: { count: 2, statusCodes: [504] } });
    expect(api.endpoints.SANDBOX).toMatchObject({ policy: 'FAILOVER', urls: [{ host: 'primary.example' }, { host: 'backup1.example' }, { host: 'backup2.example', port: 81 }] });
  });

  it('fills in api.yaml actionDuration and retryTimeOut only where the definition set none', async () => {
    const endpointConfig = { production_endpoints: { url: 'http://a.example', config: { actionDuration: 4000, retryTimeOut: '1' } } };
    const definition = oas2({ 'x-wso2-production-endpoints': { urls: ['http://ext.example'], advanceEndpointConfig: { timeoutInMillis: 2000 } } });
    const { api } = await project(definition, apiYaml({ endpointConfig }));
    expect(api.endpoints.PRODUCTION).toMatchObject({ timeoutMs: 2000, retry: { count: 1, statusCodes: [504] } });
  });

  it('fills in api.yaml endpoint_security where the definition has no securityConfig (spec §12.1)', async () => {
    const endpointConfig = {
      production_endpoints: { url: 'http://a.example' },
      sandbox_endpoints: { url: 'http://b.example' },
      endpoint_security: {
        production: { enabled: true, type: 'basic', username: 'yaml', password: 'secret ' },
        sandbox: { enabled: true, type: 'DIGEST', username: 'x', password: 'y' },
      },
    };
    const definition = oas2({ 'x-wso2-sandbox-endpoints': { urls: ['http://ext.example'], securityConfig: { type: 'BASIC', username: 'ext', password: 'pw' } } });
    const { api, warnings } = await project(definition, apiYaml({ endpointConfig }));
    expect(api.endpoints.PRODUCTION?.security).toEqual({ type: 'BASIC', username: 'yaml', password: { value: 'secret ' } });
    expect(api.endpoints.SANDBOX?.security).toEqual({ type: 'BASIC', username: 'ext', password: { value: 'pw' } });
    expect(warnings).toEqual([]);
  });

  it('warns about api.yaml endpoint security that is not Basic and ignores it', async () => {
    const endpointConfig = { production_endpoints: { url: 'http://a.example' }, endpoint_security: { production: { enabled: true, type: 'DIGEST' } } };
    const { api, warnings } = await project(oas2(), apiYaml({ endpointConfig }));
    expect(api.endpoints.PRODUCTION?.security).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: 'endpoint.security-type-unsupported', location: 'api.yaml#/data/endpointConfig/endpoint_security/production/type' })]);
  });

  it('chooses the auth header: x-wso2-auth-header, else api.yaml, else authorization (lower-cased)', async () => {
    expect((await project(oas2({ 'x-wso2-auth-header': 'X-Token' }), apiYaml({ authorizationHeader: 'Yaml-Auth' }))).api.authHeader).toBe('x-token');
    expect((await project(oas2(), apiYaml({ authorizationHeader: 'Yaml-Auth' }))).api.authHeader).toBe('yaml-auth');
    expect((await project(oas2())).api.authHeader).toBeUndefined();
  });

  it('uses the api.yaml id, else the SHA-1 of name:version', async () => {
    expect((await project(oas2(), apiYaml({ id: 'abc-123' }))).api.id).toBe('abc-123');
    expect((await project(oas2())).api.id).toBe(createHash('sha1').update('PetStore:1.0.0').digest('hex'));
  });
});
