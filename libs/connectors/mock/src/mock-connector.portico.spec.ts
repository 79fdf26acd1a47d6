import { parse } from 'yaml';
import { MockConnectorFactory } from './mock-connector.factory.js';
import {
  type Document,
  clusterSpecOf,
  connectorFor,
  describeWithCcFixtures,
  forwardThrough,
  loadYaml,
  mockApiOf,
  openApi3,
  operationOf,
} from './test-api.spec-support.js';

/** Portico's additions to CC's mock behaviour (spec §10.5 recommendations, §18.10). */
const factory = new MockConnectorFactory();

describe('OpenAPI 2.0 mocks', () => {
  const document = parse(`
swagger: '2.0'
info: { title: Pets, version: '1' }
produces: [application/json, application/xml]
paths:
  /pet:
    get:
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit: { type: integer, x-example: 100 }
            X-Trace: { type: string, example: abc }
            X-None: { type: string }
          schema: { $ref: '#/definitions/Pet' }
          examples:
            application/json: { name: rex, id: 7 }
        '404': { $ref: '#/responses/NotFound' }
  /plain:
    get:
      produces: [text/plain]
      responses:
        default: { description: ok, examples: { text/plain: hello } }
responses:
  NotFound:
    description: missing
    schema: { type: object, properties: { message: { type: string, example: no such pet } } }
definitions:
  Pet:
    type: object
    properties:
      id: { type: integer }
      name: { type: string, example: doggie }
      secret: { type: string, writeOnly: true }
`) as Document;
  const api = mockApiOf(document);

  it('serves the response-level examples map with x-example / example headers', async () => {
    const result = await forwardThrough(factory.create(clusterSpecOf(api)), operationOf(api, '/pet'));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({
      'x-rate-limit': '100',
      'x-trace': '"abc"',
      'content-type': 'application/json',
      'content-length': '21',
    });
    expect(result.body).toBe('{"id":7,"name":"rex"}');
  });

  it('offers a schema sample for produces media types without an example, and for $ref responses', async () => {
    const connector = factory.create(clusterSpecOf(api));
    const xml = await forwardThrough(connector, operationOf(api, '/pet'), { accept: 'application/xml' });
    expect(xml.headers['content-type']).toBe('application/xml');
    expect(xml.body).toBe('{"id":0,"name":"doggie"}');
    const missing = await forwardThrough(connector, operationOf(api, '/pet'), { prefer: 'code=404' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('application/json');
    expect(missing.body).toBe('{"message":"no such pet"}');
  });

  it('serves a string example with its JSON quotes', async () => {
    const result = await forwardThrough(factory.create(clusterSpecOf(api)), operationOf(api, '/plain'));
    expect(result.headers['content-type']).toBe('text/plain');
    expect(result.body).toBe('"hello"');
  });

  it('with generateExamples: false keeps only written examples (CC)', async () => {
    const strict = mockApiOf(document, { generateExamples: false });
    const connector = factory.create(clusterSpecOf(strict));
    const xml = await forwardThrough(connector, operationOf(strict, '/pet'), { accept: 'application/xml' });
    expect(xml.statusCode).toBe(501);
    const missing = await forwardThrough(connector, operationOf(strict, '/pet'), { prefer: 'code=404' });
    expect(missing.body).toContain('Preferred code 404 is not supported for this resource.');
  });
});

describe('$ref resolution', () => {
  const document = openApi3(
    `  /things:
    get:
      responses:
        '200': { $ref: '#/components/responses/Things' }
        4XX:
          description: client error
          headers:
            x-reason: { $ref: '#/components/headers/Reason' }
          content:
            application/json:
              examples:
                gone: { $ref: '#/components/examples/Gone' }
                elsewhere: { $ref: 'other.yaml#/components/examples/Gone' }
                loop: { $ref: '#/components/examples/Loop' }`,
    `  responses:
    Things:
      description: ok
      content:
        application/json:
          examples:
            few: { $ref: '#/components/examples/Few' }
  headers:
    Reason: { schema: { type: string }, example: it is gone }
  examples:
    Few: { value: [b, a] }
    Gone: { value: { z: 1, a: { y: true, b: null } } }
    Loop: { $ref: '#/components/examples/Loop' }`,
  );
  const api = mockApiOf(document);
  const connector = factory.create(clusterSpecOf(api));
  const things = operationOf(api, '/things');

  it('follows $ref to responses, examples and headers', async () => {
    const ok = await forwardThrough(connector, things, { prefer: 'example=few' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('["b","a"]');
    const gone = await forwardThrough(connector, things, { prefer: 'code=410' });
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['x-reason']).toBe('"it is gone"');
    expect(gone.body).toBe('{"a":{"b":null,"y":true},"z":1}');
  });

  it('skips external and cyclic references', async () => {
    for (const name of ['elsewhere', 'loop']) {
      const result = await forwardThrough(connector, things, { prefer: `code=400, example=${name}` });
      expect(result.statusCode).toBe(501);
    }
  });
});

describe('generated samples (OpenAPI 3)', () => {
  const document = openApi3(
    `  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Pet' } }
        '204': { description: no content }`,
    `  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        name: { type: string, example: doggie }
        id: { type: integer, format: int64 }`,
  );

  it('answers with a sample of the schema, keys sorted', async () => {
    const api = mockApiOf(document);
    const result = await forwardThrough(connectorFor(document), operationOf(api, '/pets'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('[{"id":0,"name":"doggie"}]');
  });

  it('drops responses without content, and everything when generation is off', async () => {
    const api = mockApiOf(document, { generateExamples: false });
    const connector = factory.create(clusterSpecOf(api));
    expect((await forwardThrough(connector, operationOf(api, '/pets'), { prefer: 'code=204' })).statusCode).toBe(501);
    const off = await forwardThrough(connector, operationOf(api, '/pets'));
    expect(off.statusCode).toBe(501);
    expect(off.body).toBe('{"error_message":"Not Implemented","code":"900871","error_description":""}');
  });
});

describeWithCcFixtures('the CC sample mock-impl-sample.yaml', () => {
  const api = mockApiOf(loadYaml('samples/openAPI-definitions/mock-impl-sample.yaml'));
  const connector = factory.create(clusterSpecOf(api));

  it('serves the single example with its header', async () => {
    const result = await forwardThrough(connector, operationOf(api, '/pet/findByStatus'));
    expect(result.statusCode).toBe(200);
    expect(result.headers['x-wso2-example']).toBe('"example header value"');
    expect(result.body).toBe('[{"id":0,"name":"doggie","status":"available"},{"id":1,"name":"kitty","status":"available"}]');
  });

  it('serves named examples of the default and the 50X response', async () => {
    const pet = operationOf(api, '/pet/{petId}');
    const byDefault = await forwardThrough(connector, pet);
    expect(byDefault.headers['x-wso2-example']).toBe('"default header value"');
    expect(byDefault.body).toBe('{"id":0,"name":"doggie","status":"available"}');
    const unavailable = await forwardThrough(connector, pet, { prefer: 'code=503, example=ref2' });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.body).toBe('{"another response":"Ref 2 Service Unavailable"}');
  });
});
