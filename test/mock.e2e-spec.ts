import { stringify } from 'yaml';
import { apictlProject, ccFixture, describeWithCcFixtures, startTestGateway, type TestGateway, withRootKeys, zipProject } from '#testing';

const MOCK_DEFINITION = 'integration/openAPIs/mock_endpoint_openAPI.yaml';

async function deployProject(gw: TestGateway, definition: string, override = false): Promise<void> {
  const files = apictlProject({ definition, name: '', version: '', context: '', apiYaml: ccFixture('integration/apiYaml/mock_impl_test.yaml') });
  const res = await gw.admin(`/portico/v1/apis?override=${override}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: await zipProject('MockImplTest', files),
  });
  expect([200, 201]).toContain(res.status);
}

async function deployDocument(gw: TestGateway, document: Record<string, unknown>): Promise<void> {
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: stringify(document) });
  expect(res.json()).toMatchObject({ connector: 'mock' });
}

describe('mock implementation (issue 5, spec §10.5)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.destroy();
  });

  describeWithCcFixtures('the Choreo Connect fixture project (MOCKED_OAS, PROTOTYPED)', () => {
    beforeAll(async () => {
      await deployProject(gw, ccFixture(MOCK_DEFINITION));
    });

    it('still applies security: a secured resource fails closed, an open one answers', async () => {
      const secured = await gw.request('/mockApiTest/1.0.0/testMockApi');
      expect(secured.status).toBe(401);
      expect(secured.json()).toMatchObject({ code: '900901' });
      const open = await gw.request('/mockApiTest/1.0.0/testOneExample');
      expect(open.status).toBe(500);
      expect(open.text).toBe('{"description":"json mediatype example1"}');
      expect(open.headers['x-wso2-header']).toBe('"Sample header value"');
    });

    describe('with security disabled', () => {
      beforeAll(async () => {
        await deployProject(gw, withRootKeys(ccFixture(MOCK_DEFINITION), { 'x-wso2-disable-security': true }), true);
      });

      it('answers the default response with its header example, JSON-quoted as Choreo Connect does', async () => {
        const res = await gw.request('/mockApiTest/1.0.0/testMockApi');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.headers['x-wso2-header']).toBe('"Sample header value"');
        expect(res.text).toBe('{"description":"default content"}');
      });

      it('serves Prefer: code=508, example=example1 from 50X with Accept: text/*', async () => {
        const res = await gw.request('/mockApiTest/1.0.0/testMockApi', { headers: { accept: 'text/*', prefer: 'code=508, example=example1' } });
        expect(res.status).toBe(508);
        expect(res.headers['content-type']).toBe('text/html');
        expect(res.text).toBe('{"description":"content for example 1"}');
      });

      it('answers the example of a response that only has one', async () => {
        const res = await gw.request('/mockApiTest/1.0.0/testMockDefault');
        expect(res.status).toBe(200);
        expect(res.text).toBe('{"name":"choreo connect"}');
        expect(res.headers['x-wso2-default-header']).toBe('"Default header value"');
      });

      it.each([
        ['code=abc', undefined, 400, '{"error_message":"Bad Request","code":"900870","error_description":"Invalid format for code preference"}'],
        ['code=404', undefined, 501, '{"error_message":"Not Implemented","code":"900871","error_description":"Preferred code 404 is not supported for this resource."}'],
        [undefined, 'text/plain', 501, '{"error_message":"Not Implemented","code":"900871","error_description":"Accept type [text/plain] is not supported for this resource"}'],
        ['code=500, example=nope', undefined, 501, '{"error_message":"Not Implemented","code":"900871","error_description":"Example preference nope is not supported for this resource"}'],
      ])('Prefer %s / Accept %s → %i with the exact error body', async (prefer, accept, status, body) => {
        const headers: Record<string, string> = {};
        if (prefer) headers.prefer = prefer;
        if (accept) headers.accept = accept;
        const res = await gw.request('/mockApiTest/1.0.0/testMockApi', { headers });
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.text).toBe(body);
      });

      it('answers 404 for a method the definition does not declare', async () => {
        expect((await gw.request('/mockApiTest/1.0.0/testMockApi', { method: 'POST', body: 'x' })).status).toBe(404);
      });
    });
  });

  it('mocks an OpenAPI 2.0 document (response examples by media type)', async () => {
    await deployDocument(gw, {
      swagger: '2.0',
      info: { title: 'Swagger Mock', version: '2.0.0' },
      basePath: '/swagger-mock',
      'x-wso2-disable-security': true,
      'x-portico-mock': true,
      produces: ['application/json', 'application/xml'],
      paths: {
        '/pets/{id}': {
          get: {
            responses: {
              200: { description: 'ok', examples: { 'application/json': { id: 1, name: 'Rex' }, 'application/xml': '<pet>Rex</pet>' } },
              404: { description: 'missing', examples: { 'application/json': { message: 'no pet' } } },
            },
          },
        },
      },
    });
    expect((await gw.request('/swagger-mock/pets/1')).text).toBe('{"id":1,"name":"Rex"}');
    const xml = await gw.request('/swagger-mock/pets/1', { headers: { accept: 'application/xml' } });
    expect(xml.headers['content-type']).toBe('application/xml');
    const missing = await gw.request('/swagger-mock/pets/1', { headers: { prefer: 'code=404' } });
    expect([missing.status, missing.text]).toEqual([404, '{"message":"no pet"}']);
  });

  it('resolves $ref examples, generates samples from schemas, and honours the x-portico-mock switches', async () => {
    await deployDocument(gw, {
      openapi: '3.0.3',
      info: { title: 'Extras', version: '1' },
      'x-wso2-basePath': '/extras',
      'x-wso2-disable-security': true,
      'x-portico-mock': { quoteHeaderValues: false, lowerCaseExampleNames: false },
      components: {
        examples: { Rex: { value: { id: 1, name: 'Rex' } } },
        schemas: { Pet: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer', example: 7 }, name: { type: 'string', example: 'Tom' } } } },
      },
      paths: {
        '/ref': {
          get: {
            responses: {
              200: {
                description: 'ok',
                headers: { 'x-rate': { schema: { type: 'string' }, example: 'plenty' } },
                content: { 'application/json': { examples: { Rex: { $ref: '#/components/examples/Rex' } } } },
              },
            },
          },
        },
        '/generated': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } } },
      },
    });
    const ref = await gw.request('/extras/ref', { headers: { prefer: 'example=Rex' } });
    expect(ref.status).toBe(200);
    expect(ref.json()).toEqual({ id: 1, name: 'Rex' });
    expect(ref.headers['x-rate']).toBe('plenty');
    const generated = await gw.request('/extras/generated');
    expect(generated.status).toBe(200);
    expect(generated.json()).toEqual({ id: 7, name: 'Tom' });
  });

  it('answers the first response as written, also when the codes are numeric (202 before 201), from YAML and JSON', async () => {
    // Written by hand: a JavaScript object (and so yaml's stringify) would put 201 first.
    const yaml = `openapi: 3.0.3
info: { title: JobsYaml, version: v1 }
x-wso2-basePath: /jobsyaml
x-wso2-disable-security: true
x-portico-mock: true
paths:
  /jobs:
    get:
      responses:
        '202': { description: queued, content: { application/json: { example: { state: queued } } } }
        '201': { description: done, content: { application/json: { example: { state: done } } } }
`;
    const json = `{"openapi": "3.0.3", "info": {"title": "JobsJson", "version": "v1"}, "x-wso2-basePath": "/jobsjson",
      "x-wso2-disable-security": true, "x-portico-mock": true,
      "paths": {"/jobs": {"get": {"responses": {
        "202": {"description": "queued", "content": {"application/json": {"example": {"state": "queued"}}}},
        "201": {"description": "done", "content": {"application/json": {"example": {"state": "done"}}}}}}}}}`;
    const documents = [
      ['application/yaml', yaml],
      ['application/json', json],
    ];
    for (const [contentType, body] of documents) {
      const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(res.status).toBe(201);
    }
    for (const path of ['/jobsyaml/jobs', '/jobsjson/jobs']) {
      const res = await gw.request(path);
      expect([res.status, res.text]).toEqual([202, '{"state":"queued"}']);
    }
  });
});
