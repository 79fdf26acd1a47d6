import { itWithCcFixtures, loadDocument, loadFolder, oas3, problemsOf, readFixture } from './fixtures.spec-support.js';

const MOCK_SETS = {
  PRODUCTION: { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE', location: '/' },
  SANDBOX: { name: 'SANDBOX', urls: [], policy: 'LOAD_BALANCE', location: '/' },
};

describe('connector choice', () => {
  itWithCcFixtures('serves MOCKED_OAS APIs with the mock connector, without reading endpoints', async () => {
    const { api } = await loadFolder({
      'Mock/api.yaml': readFixture('integration/apiYaml/mock_impl_test.yaml'),
      'Mock/Definitions/swagger.yaml': readFixture('integration/openAPIs/mock_endpoint_openAPI.yaml'),
    });
    expect(api.connector).toEqual({ type: 'mock', options: {}, location: expect.any(String), optionsLocation: expect.stringMatching(/#\/x-portico-mock$/) });
    expect(api.endpoints).toEqual(MOCK_SETS);
    expect(api.resources.every((r) => Object.keys(r.endpoints).length === 0)).toBe(true);
    // Mocked APIs are not prototyped, even in lifecycle PROTOTYPED.
    expect(api).toMatchObject({ lifecycle: 'PROTOTYPED', basePath: '/mockApiTest/1.0.0' });
    const op = api.resources[0].operations[0];
    expect(Object.keys(op.responses ?? {})).toEqual(['50X', 'default']);
  });

  it('turns the mock on with x-portico-mock, passing its options on', async () => {
    const withoutEndpoints = { 'x-wso2-production-endpoints': { urls: ['not even read:0'] } };
    expect((await loadDocument(oas3({ ...withoutEndpoints, 'x-portico-mock': true }))).api.connector).toEqual({ type: 'mock', options: {}, location: expect.any(String), optionsLocation: expect.stringMatching(/#\/x-portico-mock$/) });
    const { api } = await loadDocument(oas3({ ...withoutEndpoints, 'x-portico-mock': { enabled: true, delayMs: 20 } }));
    expect(api.connector).toEqual({ type: 'mock', options: { delayMs: 20 }, location: expect.any(String), optionsLocation: expect.stringMatching(/#\/x-portico-mock$/) });
    expect(api.endpoints).toEqual(MOCK_SETS);
    expect((await loadDocument(oas3({ 'x-portico-mock': { enabled: false } }))).api.connector.type).toBe('rest');
  });

  it('chooses a registered connector by x-portico-connector', async () => {
    expect((await loadDocument(oas3({ 'x-portico-connector': 'grpc' }))).api.connector).toEqual({ type: 'grpc', options: {}, location: expect.any(String) });
    expect((await loadDocument(oas3({ 'x-portico-connector': { type: 'soap', options: { version: '1.2' } } }))).api.connector).toEqual({
      type: 'soap',
      options: { version: '1.2' },
      location: 'definition.yaml#/x-portico-connector',
    });
  });

  it('refuses malformed connector extensions', async () => {
    const problems = await problemsOf(loadDocument(oas3({ 'x-portico-connector': { options: {} }, 'x-portico-mock': 'yes' }), undefined, 'swagger.json'));
    expect(problems).toEqual([
      { code: 'connector.options-invalid', message: 'x-portico-mock must be true, false or an object of mock options', location: 'swagger.json#/x-portico-mock' },
      {
        code: 'connector.options-invalid',
        message: 'x-portico-connector must be a connector type or { type: <connector type>, options: { ... } }',
        location: 'swagger.json#/x-portico-connector',
      },
    ]);
  });

  itWithCcFixtures('chooses by API type otherwise: REST for HTTP, WebSocket for WS (SOAP: see fixtures-acceptance)', async () => {
    expect((await loadDocument(oas3())).api.connector).toEqual({ type: 'rest', options: {}, location: expect.any(String) });
    const ws = readFixture('integration/asyncAPIs/websocket_basic_asyncAPI.yaml').replace('servers:', "x-wso2-basePath: /ws\nservers:");
    expect((await loadDocument(ws)).api).toMatchObject({ type: 'WS', connector: { type: 'websocket' } });
  });
});
