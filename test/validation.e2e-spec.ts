import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { ccFixture, itWithCcFixtures, openApiDocument, startBackend, startTestGateway, zipProject, type CallResult, type TestBackend, type TestGateway, apictlProject } from '#testing';
import { adapterDeploy, adapterList, porticoDeploy, porticoList, type AdapterListBody, type AdminErrorBody, type PorticoListBody } from './support/admin-api.js';

/**
 * Spec §3.5 through both admin APIs: each rejected deploy answers 400/409/422 with every problem
 * (code, message, location) and leaves the deployed APIs exactly as they were.
 */

type Problem = { code: string; message: string; location?: string };

const fixed = (req: IncomingMessage, res: ServerResponse) => res.end(`keeper ${req.url}`);

const KEEPER_DOC = (backend: TestBackend) => openApiDocument({ title: 'Keeper', version: 'v1', basePath: '/keeper', production: [backend.url] });

describe('deploy-time validation (spec §3.5)', () => {
  let backend: TestBackend;
  let gw: TestGateway;
  let baseline: { answers: string[]; portico: PorticoListBody; adapter: AdapterListBody };

  const answers = () => Promise.all(['/keeper/a', '/zipkeeper/v1/b'].map((p) => gw.request(p).then((r) => `${r.status} ${r.text}`)));

  beforeAll(async () => {
    backend = await startBackend(fixed);
    gw = await startTestGateway();
    expect((await porticoDeploy(gw, KEEPER_DOC(backend))).status).toBe(201);
    const definition = stringify({ swagger: '2.0', info: { title: 'ZipKeeper', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });
    const zip = await zipProject('ZipKeeper', apictlProject({ name: 'ZipKeeper', version: 'v1', context: '/zipkeeper', productionUrl: backend.url, definition }));
    expect((await adapterDeploy(gw, zip)).status).toBe(200);
    baseline = { answers: await answers(), portico: await porticoList(gw), adapter: await adapterList(gw) };
    expect(baseline.answers).toEqual(['200 keeper /a', '200 keeper /b']);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  /** Asserts the rejection, then that the gateway serves and lists exactly what it did before. */
  async function expectRejected(res: CallResult, status: number, problems: Problem[]): Promise<AdminErrorBody> {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json<AdminErrorBody>();
    expect(body.status).toBe(status);
    expect(body.problems).toEqual(problems);
    expect(body.problems!.map((p) => p.code)).toContain(body.code);
    expect(await answers()).toEqual(baseline.answers);
    expect(await porticoList(gw)).toEqual(baseline.portico);
    expect(await adapterList(gw)).toEqual(baseline.adapter);
    return body;
  }

  /** The same broken definition through either API; `file` is how problem locations name it. */
  const targets = [
    { api: "Portico's API", file: 'definition', deploy: (doc: string) => porticoDeploy(gw, doc) },
    {
      api: 'the adapter API',
      file: 'Definitions/swagger.yaml',
      deploy: async (doc: string) =>
        adapterDeploy(gw, await zipProject('Broken', apictlProject({ name: 'Broken', version: 'v1', context: '/broken', productionUrl: backend.url, definition: doc }))),
    },
  ];

  const withProduction = (production: unknown, extra: Record<string, unknown> = {}) =>
    openApiDocument({ title: 'Broken', version: 'v1', basePath: '/broken', extra: { 'x-wso2-production-endpoints': production, ...extra } });
  const urls = (...list: string[]) => ({ urls: list });
  const PROD = '/x-wso2-production-endpoints';

  /** [row, document, problems as code, message, pointer into the document]. */
  const definitionRows: [string, () => string, [string, string, string][]][] = [
    [
      'endpoint port 0 or above 65535',
      () => withProduction(urls('http://127.0.0.1:70000/x', 'http://127.0.0.1:0/x')),
      [
        ['endpoint.port-range', 'endpoint port value should be between 0 and 65535: http://127.0.0.1:70000/x', `${PROD}/urls/0`],
        ['endpoint.port-range', 'endpoint port value should be between 0 and 65535: http://127.0.0.1:0/x', `${PROD}/urls/1`],
      ],
    ],
    ['empty host', () => withProduction(urls('http://:8080/x')), [['endpoint.host-empty', 'empty Hostname is provided: http://:8080/x', `${PROD}/urls/0`]]],
    [
      'relative URL',
      () => withProduction(urls('/backend/v1')),
      [['endpoint.host-relative', 'relative paths are not supported as endpoint URLs: /backend/v1', `${PROD}/urls/0`]],
    ],
    [
      'host name not matching the pattern (one character, underscore)',
      () => withProduction(urls('http://a/x', 'http://bad_host:8080/x')),
      [
        ['endpoint.host-invalid', 'malformed endpoint detected (Invalid host name) : http://a/x', `${PROD}/urls/0`],
        ['endpoint.host-invalid', 'malformed endpoint detected (Invalid host name) : http://bad_host:8080/x', `${PROD}/urls/1`],
      ],
    ],
    [
      'unparseable URL',
      () => withProduction(urls('http:..mockBackend/v2')),
      [['endpoint.url-invalid', 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2', `${PROD}/urls/0`]],
    ],
    [
      'base path with invalid characters',
      () => openApiDocument({ title: 'Broken', version: 'v1', basePath: '/bad path!', production: ['http://127.0.0.1:1/x'] }),
      [['basepath.invalid', 'invalid basepath. Does not start with / or includes invalid characters: /bad path!', '/x-wso2-basePath']],
    ],
    [
      'base path not starting with /',
      () => openApiDocument({ title: 'Broken', version: 'v1', basePath: 'broken', production: ['http://127.0.0.1:1/x'] }),
      [['basepath.invalid', 'invalid basepath. Does not start with / or includes invalid characters: broken', '/x-wso2-basePath']],
    ],
    [
      'advanceEndpointConfig not a map',
      () => withProduction({ urls: ['http://127.0.0.1:1/x'], advanceEndpointConfig: 'fast' }),
      [['endpoint.advance-config-invalid', 'Invalid schema for advanceEndpointConfig in x-wso2-production-endpoints', `${PROD}/advanceEndpointConfig`]],
    ],
    [
      'advanceEndpointConfig with a wrong type inside',
      () => withProduction({ urls: ['http://127.0.0.1:1/x'], advanceEndpointConfig: { timeoutInMillis: 'soon' } }),
      [['endpoint.advance-config-invalid', 'Invalid schema for advanceEndpointConfig in x-wso2-production-endpoints', `${PROD}/advanceEndpointConfig`]],
    ],
    [
      'urls missing',
      () => withProduction({ type: 'load_balance' }),
      [['endpoint.urls-missing', 'urls property is not provided with the x-wso2-production-endpoints extension', PROD]],
    ],
    [
      'securityConfig type other than BASIC',
      () => withProduction({ urls: ['http://127.0.0.1:1/x'], securityConfig: { type: 'DIGEST', username: 'u', password: 'p' } }),
      [['endpoint.security-type-unsupported', 'endpoint security type : DIGEST is not currently supported with WSO2 Choreo Connect', `${PROD}/securityConfig`]],
    ],
    [
      'reference to an unknown x-wso2-endpoints entry',
      // The declared entry has the base path of api.yaml's endpoint: one base path per API with x-wso2-endpoints.
      () => withProduction('#/x-wso2-endpoints/nope', { 'x-wso2-endpoints': [{ known: urls('http://127.0.0.1:1') }] }),
      [['endpoint.reference-invalid', 'Invalid endpoint reference #/x-wso2-endpoints/nope', PROD]],
    ],
    [
      'a misspelt x-portico-* extension (issue 13)',
      () => withProduction(urls('http://127.0.0.1:1/x'), { 'x-portico-mokc': true }),
      [['extension.unknown', 'unknown extension x-portico-mokc: Portico reads only x-portico-mock, x-portico-connector, x-portico-backend-jwt, x-portico-soap-errors, x-portico-soap, x-portico-wsdl, at the root of the definition', '/x-portico-mokc']],
    ],
    [
      'several problems in one document',
      () =>
        openApiDocument({
          title: 'Broken',
          version: 'v1',
          basePath: '/bad path',
          extra: {
            'x-wso2-production-endpoints': { urls: ['http://127.0.0.1:70000/x'] },
            'x-wso2-sandbox-endpoints': { urls: ['http://127.0.0.1:1/x'], securityConfig: { type: 'oauth' } },
          },
        }),
      [
        ['basepath.invalid', 'invalid basepath. Does not start with / or includes invalid characters: /bad path', '/x-wso2-basePath'],
        ['endpoint.port-range', 'endpoint port value should be between 0 and 65535: http://127.0.0.1:70000/x', `${PROD}/urls/0`],
        ['endpoint.security-type-unsupported', 'endpoint security type : oauth is not currently supported with WSO2 Choreo Connect', '/x-wso2-sandbox-endpoints/securityConfig'],
      ],
    ],
  ];

  describe.each(targets)('through $api', (target) => {
    it.each(definitionRows)('%s → 422 with every problem, nothing changed', async (_row, document, expected) => {
      const problems = expected.map(([code, message, pointer]) => ({ code, message, location: `${target.file}#${pointer}` }));
      await expectRejected(await target.deploy(document()), 422, problems);
    });

    itWithCcFixtures('the fixture malformed_endpoint_openAPI.yaml → 422 naming both malformed URLs', async () => {
      const location = (key: string) => `${target.file}#/x-wso2-${key}-endpoints/urls/0`;
      await expectRejected(await target.deploy(ccFixture('integration/openAPIs/malformed_endpoint_openAPI.yaml')), 422, [
        { code: 'endpoint.url-invalid', message: 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2', location: location('production') },
        { code: 'endpoint.url-invalid', message: 'endpoint URL cannot be parsed (invalid port): http:..mockBackend/v2', location: location('sandbox') },
      ]);
    });

    it('malformed YAML → 400 document.syntax with line and column', async () => {
      const res = await target.deploy('openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: v1\n');
      const body = await expectRejected(res, 400, [expect.objectContaining({ code: 'document.syntax' })]);
      const [problem] = body.problems!;
      expect(problem.message).toMatch(new RegExp(`^${target.file}: syntax error at line \\d+, column \\d+: `));
      expect(problem.location).toMatch(new RegExp(`^${target.file}:\\d+:\\d+$`));
    });

    it('a document that is not an object → 400 document.not-an-object', async () => {
      await expectRejected(await target.deploy('- openapi\n- 3.0.3\n'), 400, [
        { code: 'document.not-an-object', message: `${target.file}: expected a mapping (key: value pairs) at the top level`, location: target.file },
      ]);
    });

    it('x-portico-connector naming an unregistered type → 422 listing the registered types', async () => {
      const res = await target.deploy(openApiDocument({ title: 'Broken', version: 'v1', basePath: '/broken', production: ['http://127.0.0.1:1/x'], extra: { 'x-portico-connector': 'nope' } }));
      const body = await expectRejected(res, 422, [expect.objectContaining({ code: 'connector.unknown' })]);
      const [problem] = body.problems!;
      expect(problem.message).toMatch(/^connector type 'nope' is not registered; registered types: /);
      expect(problem.message.split('registered types: ')[1].split(', ').sort()).toEqual(['mock', 'rest', 'soap', 'websocket']);
      expect(problem.location).toMatch(/#\/x-portico-connector$/);
    });
  });

  it('locates connector.unknown in the definition file, like every other problem', async () => {
    const doc = openApiDocument({ title: 'Broken', version: 'v1', basePath: '/broken', production: ['http://127.0.0.1:1/x'], extra: { 'x-portico-connector': 'nope' } });
    for (const target of targets) {
      const body = (await target.deploy(doc)).json<AdminErrorBody>();
      expect(body.problems).toEqual([expect.objectContaining({ code: 'connector.unknown', location: `${target.file}#/x-portico-connector` })]);
    }
  });

  describe("Portico's API only (a project always has api.yaml's context and endpoints)", () => {
    it('no endpoints → 422 endpoints.none', async () => {
      await expectRejected(await porticoDeploy(gw, openApiDocument({ title: 'Broken', version: 'v1', basePath: '/broken' })), 422, [
        { code: 'endpoints.none', message: 'no endpoints are provided for the API', location: 'definition' },
      ]);
    });

    it('no base path anywhere → 422 basepath.empty', async () => {
      const doc = stringify({ openapi: '3.0.3', info: { title: 'Broken', version: 'v1' }, 'x-wso2-production-endpoints': urls('http://127.0.0.1:1/x'), paths: { '/*': { get: {} } } });
      await expectRejected(await porticoDeploy(gw, doc), 422, [
        {
          code: 'basepath.empty',
          message:
            "empty Basepath is provided. Provide a non empty context either using the x-wso2-basePath extension, or else 'basePath' (if OpenAPI v2) or a 'servers' entry (if OpenAPI v3)",
          location: 'definition',
        },
      ]);
    });

    it('the same API again without override → 409 deploy.api-exists', async () => {
      await expectRejected(await porticoDeploy(gw, KEEPER_DOC(backend)), 409, [
        { code: 'deploy.api-exists', message: 'API Keeper:v1 is already deployed on vhost localhost; deploy with override=true to replace it' },
      ]);
    });

    it("another API on the same vhost and base path → 409 deploy.basepath-conflict, even with override", async () => {
      const doc = openApiDocument({ title: 'Intruder', version: 'v1', basePath: '/keeper', production: ['http://127.0.0.1:1/x'] });
      await expectRejected(await porticoDeploy(gw, doc, { override: true }), 409, [
        { code: 'deploy.basepath-conflict', message: 'An API exists with the same basepath /keeper on vhost localhost: Keeper:v1' },
      ]);
    });
  });

  describe('names and versions both admin APIs can address (issue 13)', () => {
    const rule = (limits: string, parameter: string) =>
      `it must be ${limits} (the adapter API's ${parameter} rule), not "." and without "..", so that both admin APIs can address the API`;
    const NAME_RULE = rule('3 to 255 characters of letters, digits and _ ~ . -', 'apiName');
    const VERSION_RULE = rule('1 to 15 characters of letters, digits and _ . -', 'version');

    it("Portico's API: an info.title with a slash or a version with .. → 422, nothing changed", async () => {
      const doc = openApiDocument({ title: 'Keeper/Admin', version: '1..0', basePath: '/named', production: [backend.url] });
      await expectRejected(await porticoDeploy(gw, doc), 422, [
        { code: 'api.name-invalid', message: `API name "Keeper/Admin" contains "/": ${NAME_RULE}`, location: 'definition#/info/title' },
        { code: 'api.version-invalid', message: `API version "1..0" contains "..": ${VERSION_RULE}`, location: 'definition#/info/version' },
      ]);
    });

    it('the adapter API: an api.yaml name with a space (as in some Choreo Connect fixtures) → 422, nothing changed', async () => {
      const definition = openApiDocument({ title: 'Named', version: 'v1', basePath: '/named' });
      const files = apictlProject({ name: 'API-Policy API', version: 'v1', context: '/named', productionUrl: backend.url, definition });
      await expectRejected(await adapterDeploy(gw, await zipProject('Named', files)), 422, [
        { code: 'api.name-invalid', message: `API name "API-Policy API" contains " ": ${NAME_RULE}`, location: 'api.yaml#/data/name' },
      ]);
    });
  });

  it("answers features it does not apply yet with a warning in the deploy summary, at their location (issue 13)", async () => {
    const doc = openApiDocument({
      title: 'Limited',
      version: 'v1',
      basePath: '/limited',
      extra: { 'x-wso2-throttling-tier': 'Gold', 'x-wso2-production-endpoints': { urls: [backend.url], advanceEndpointConfig: { retryConfig: { count: 2 } } } },
    });
    const res = await porticoDeploy(gw, doc);
    try {
      expect(res.status).toBe(201);
      // The retryConfig next to it is applied (issue 16), so it is not among the warnings.
      expect(res.json<{ warnings: Problem[] }>().warnings).toEqual([
        expect.objectContaining({ code: 'not-applied.throttling', location: 'definition#/x-wso2-throttling-tier' }),
      ]);
      expect((await gw.request('/limited/x')).text).toBe('keeper /x');
    } finally {
      await gw.admin('/portico/v1/apis/Limited/v1', { method: 'DELETE' });
    }
  });

  describe('the adapter API only (api.yaml rules, spec §3.2)', () => {
    const definition = stringify({ openapi: '3.0.3', info: { title: 'Broken', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });
    const deployProject = async (files: Parameters<typeof zipProject>[1], override?: boolean) => adapterDeploy(gw, await zipProject('Broken', files), { override });

    it('api.yaml without endpoints → 422, even though the definition has some', async () => {
      const withEndpoints = openApiDocument({ title: 'Broken', version: 'v1', basePath: '/broken', production: ['http://127.0.0.1:1/x'] });
      await expectRejected(await deployProject(apictlProject({ name: 'NoEndpoints', version: 'v1', context: '/broken', definition: withEndpoints })), 422, [
        { code: 'api-yaml.fields-missing', message: 'API production and sandbox endpoints fields cannot be empty for NoEndpoints v1', location: 'api.yaml#/data' },
      ]);
    });

    it('api.yaml with a relative endpoint → 422 api-yaml.endpoint-relative (and so no endpoint at all)', async () => {
      await expectRejected(await deployProject(apictlProject({ name: 'Broken', version: 'v1', context: '/broken', productionUrl: '/relative', definition })), 422, [
        {
          code: 'api-yaml.endpoint-relative',
          message: 'relative urls or empty values are not supported for API production endpoints',
          location: 'api.yaml#/data/endpointConfig/production_endpoints/url',
        },
        { code: 'endpoints.none', message: 'no endpoints are provided for the API', location: 'Definitions/swagger.yaml' },
      ]);
    });

    it('endpointImplementationType INLINE → 422', async () => {
      const files = apictlProject({ name: 'Broken', version: 'v1', context: '/broken', productionUrl: backend.url, definition, apiYaml: { endpointImplementationType: 'INLINE' } });
      await expectRejected(await deployProject(files), 422, [
        { code: 'api-yaml.implementation-unsupported', message: 'INLINE endpointImplementationType is not supported with Choreo Connect', location: 'api.yaml#/data/endpointImplementationType' },
      ]);
    });

    it('an unsupported API type → 422', async () => {
      const files = apictlProject({ name: 'Broken', version: 'v1', context: '/broken', productionUrl: backend.url, definition, apiYaml: { type: 'Kafka' } });
      await expectRejected(await deployProject(files), 422, [
        { code: 'api-yaml.type-unsupported', message: 'The given API type is currently not supported in Choreo Connect. API type: Kafka', location: 'api.yaml#/data/type' },
      ]);
    });

    it('the same API again without override → 409; another API on the same base path → 409 even with override', async () => {
      const keeper = stringify({ swagger: '2.0', info: { title: 'ZipKeeper', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });
      const again = apictlProject({ name: 'ZipKeeper', version: 'v1', context: '/zipkeeper', productionUrl: 'http://127.0.0.1:1/elsewhere', definition: keeper });
      await expectRejected(await deployProject(again), 409, [
        { code: 'deploy.api-exists', message: 'API ZipKeeper:v1 is already deployed on vhost localhost; deploy with override=true to replace it' },
      ]);
      const intruder = apictlProject({ name: 'Intruder', version: 'v1', context: '/zipkeeper', productionUrl: backend.url, definition });
      await expectRejected(await deployProject(intruder, true), 409, [
        { code: 'deploy.basepath-conflict', message: 'An API exists with the same basepath /zipkeeper/v1 on vhost localhost: ZipKeeper:v1' },
      ]);
    });
  });
});
