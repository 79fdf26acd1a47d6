import { type ContractScenarios, describeConnectorContract } from '#testing';
import { MockConnectorFactory } from './mock-connector.factory.js';
import { clusterSpecOf, mockApiOf, openApi3, operationOf } from './test-api.spec-support.js';

/** One operation whose only example is the answer: the mock's stand-in for the echo endpoint. */
const document = openApi3(`  /contract/echo:
    get:
      responses:
        '200':
          description: the contract's answer
          content:
            application/json:
              example: { answered: by the mock }
`);

const NO_ENDPOINT = 'the mock calls no endpoint: it answers from examples prepared at deploy time, at once and whole';

/** The mock cannot echo: the echo scenario is its example answer, the scenarios needing an endpoint do not apply. */
const mockScenarios: ContractScenarios = {
  notApplicable: { stream: NO_ENDPOINT, hang: NO_ENDPOINT, down: NO_ENDPOINT },
  setup: () => {
    const api = mockApiOf(document);
    return {
      spec: clusterSpecOf(api),
      request: { method: 'GET', path: '/contract/echo', operation: operationOf(api, '/contract/echo') },
      answer: { statusCode: 200, body: '{"answered":"by the mock"}' },
    };
  },
};

describeConnectorContract({ factory: () => new MockConnectorFactory(), scenarios: mockScenarios });
