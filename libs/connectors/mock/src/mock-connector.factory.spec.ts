import { Test } from '@nestjs/testing';
import { parse } from 'yaml';
import { CONNECTOR_CONTRACT_VERSION, CONNECTOR_METADATA, ConnectorFactory, DeployRejectedError } from '#core';
import { MockConnectorFactory, MockConnectorModule } from './index.js';
import { type Document, clusterSpecOf, itWithCcFixtures, loadYaml, mockApiOf } from './test-api.spec-support.js';

const ccDocument = (): Document => loadYaml('integration/openAPIs/mock_endpoint_openAPI.yaml');

describe('MockConnectorFactory', () => {
  const factory = new MockConnectorFactory();

  itWithCcFixtures('accepts the documented options with their values', () => {
    const options = { quoteHeaderValues: false, lowerCaseExampleNames: false, acceptNegotiation: 'q-values', generateExamples: false };
    expect(factory.validate(clusterSpecOf(mockApiOf(ccDocument(), options)))).toEqual([]);
    expect(factory.validate(clusterSpecOf(mockApiOf(ccDocument())))).toEqual([]);
  });

  itWithCcFixtures('reports every unknown option and wrong value at once, with its location', () => {
    const options = { quoteHeaderValues: 'yes', acceptNegotiation: 'first', delayMs: 5, generateExamples: true };
    const problems = factory.validate(clusterSpecOf(mockApiOf(ccDocument(), options)));
    expect(problems).toEqual([
      {
        code: 'connector.options-invalid',
        message: "mock quoteHeaderValues must be true or false, not 'yes'",
        location: '#/x-portico-mock/quoteHeaderValues',
      },
      {
        code: 'connector.options-invalid',
        message: "mock acceptNegotiation must be one of 'last-match', 'q-values', not 'first'",
        location: '#/x-portico-mock/acceptNegotiation',
      },
      {
        code: 'connector.options-invalid',
        message: 'mock delayMs is not an option of this connector; its options: quoteHeaderValues, lowerCaseExampleNames, acceptNegotiation, generateExamples',
        location: '#/x-portico-mock/delayMs',
      },
    ]);
    expect(() => factory.create(clusterSpecOf(mockApiOf(ccDocument(), options)))).toThrow(DeployRejectedError);
  });

  it('reports header names and media types that cannot be sent', () => {
    const document = parse(`
openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /bad:
    get:
      responses:
        '200':
          description: ok
          headers:
            'x bad': { example: v }
          content:
            "text/plain\\u0000": { example: a }
            application/json: { example: b }
`) as Document;
    expect(factory.validate(clusterSpecOf(mockApiOf(document)))).toEqual([
      {
        code: 'mock.response-invalid',
        message: "Response header example 'x bad' is not a valid HTTP header name",
        location: '#/paths/~1bad/get/responses/200/headers/x bad',
      },
      {
        code: 'mock.response-invalid',
        message: "Media type 'text/plain\u0000' cannot be sent as a content-type header",
        location: '#/paths/~1bad/get/responses/200/content/text~1plain\u0000',
      },
    ]);
    expect(() => factory.create(clusterSpecOf(mockApiOf(document)))).toThrow(DeployRejectedError);
  });

  itWithCcFixtures('fingerprints the examples, the referenced document and the options', () => {
    const base = factory.fingerprint(clusterSpecOf(mockApiOf(ccDocument())));
    expect(factory.fingerprint(clusterSpecOf(mockApiOf(ccDocument())))).toBe(base);
    expect(base).not.toBe(ConnectorFactory.prototype.fingerprint.call(factory, clusterSpecOf(mockApiOf(ccDocument()))));

    const changedExample = ccDocument();
    const paths = changedExample.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    paths['/testMockApi'].get.responses.default = { description: 'x', content: { 'application/json': { example: 'new' } } };
    expect(factory.fingerprint(clusterSpecOf(mockApiOf(changedExample)))).not.toBe(base);

    const changedSchema = ccDocument();
    (changedSchema.components as { schemas: Record<string, unknown> }).schemas.Data = { type: 'string' };
    expect(factory.fingerprint(clusterSpecOf(mockApiOf(changedSchema)))).not.toBe(base);

    expect(factory.fingerprint(clusterSpecOf(mockApiOf(ccDocument(), { generateExamples: false })))).not.toBe(base);
  });
});

describe('MockConnectorModule', () => {
  it('provides the factory, stamped as connector type mock for the registry to discover', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MockConnectorModule] }).compile();
    expect(moduleRef.get(MockConnectorFactory)).toBeInstanceOf(ConnectorFactory);
    expect(Reflect.getMetadata(CONNECTOR_METADATA, MockConnectorFactory)).toMatchObject({ type: 'mock', contractVersion: CONNECTOR_CONTRACT_VERSION });
    await moduleRef.close();
  });
});
