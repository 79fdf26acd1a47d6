import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { parse } from 'yaml';
import { ConnectorFactory, DeployRejectedError, GatewayConnector } from '#core';
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
        message: "Mock option 'quoteHeaderValues' must be a boolean (true or false) (got \"yes\")",
        location: '#/x-portico-mock/quoteHeaderValues',
      },
      {
        code: 'connector.options-invalid',
        message: "Mock option 'acceptNegotiation' must be one of 'last-match', 'q-values' (got \"first\")",
        location: '#/x-portico-mock/acceptNegotiation',
      },
      {
        code: 'connector.options-invalid',
        message: "Unknown mock option 'delayMs'; known options: quoteHeaderValues, lowerCaseExampleNames, acceptNegotiation, generateExamples",
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
  it('provides the factory, discoverable as connector type mock', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule, MockConnectorModule] }).compile();
    const discovery = moduleRef.get(DiscoveryService);
    const connectors = discovery.getProviders({ metadataKey: GatewayConnector.KEY });
    expect(connectors).toHaveLength(1);
    expect(connectors[0].instance).toBeInstanceOf(MockConnectorFactory);
    expect(connectors[0].instance).toBeInstanceOf(ConnectorFactory);
    expect(discovery.getMetadataByDecorator(GatewayConnector, connectors[0])).toEqual({ type: 'mock' });
    expect(moduleRef.get(MockConnectorFactory)).toBe(connectors[0].instance);
    await moduleRef.close();
  });
});
