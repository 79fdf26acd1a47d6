import { type ContractScenarios, describeConnectorContract } from 'portico/testing';
import { contractApi } from '#testing';
// The outside package of test/fixtures, as its author would test it: its factory extends the built @portico/sdk's ConnectorFactory.
import { AcmeEchoConnectorFactory } from './fixtures/acme-echo-connector/index.js';

const set = { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE' as const, location: '#/x-portico-connector' };
const NO_ENDPOINT = 'acme.echo answers every request itself, at once and whole';

/** acme.echo cannot act out the echo scenario's contract body: its answer is declared instead. */
const scenarios: ContractScenarios = {
  notApplicable: { stream: NO_ENDPOINT, hang: NO_ENDPOINT, down: NO_ENDPOINT },
  setup: () => ({
    spec: { api: contractApi('acme.echo', { connector: { type: 'acme.echo', options: {} } }), endpointSet: set, options: { greeting: 'hello' } },
    request: { method: 'GET', path: '/contract/echo' },
    answer: { statusCode: 200, body: JSON.stringify({ connector: 'acme.echo', greeting: 'hello', set: 'PRODUCTION', method: 'GET', path: '/contract/echo', body: '', keyType: null }) },
  }),
};

describeConnectorContract({
  name: 'an outside package (acme.echo) through portico/testing',
  factory: () => new AcmeEchoConnectorFactory(),
  scenarios,
  optionsVariant: { greeting: 'hi' },
  // Its answer repeats the body, so it has no fixed answer to compare; external-connector.e2e-spec.ts sees the body arrive.
  notApplicable: { 'request-streaming': 'acme.echo repeats the request body in its answer, which a fixed answer cannot describe' },
});
