import { contractClusterSpec, describeConnectorContract, httpContractScenarios } from '#testing';
import { wsFactoryWith } from './websocket-connector-factory.spec-support.js';

const ANSWERS_ITSELF = 'a plain HTTP request to a WebSocket API is answered 426 by the connector itself; the endpoint is never called';

// Its plain forward answers 426 without a backend, so only the echo (as that 426) and the probes reach the kit's backend (ws:// URLs of it).
describeConnectorContract({
  factory: () => wsFactoryWith(),
  scenarios: httpContractScenarios({
    scheme: 'ws',
    cluster: (url) => contractClusterSpec('websocket', url, { api: { type: 'WS' } }),
    answers: { echo: { statusCode: 426 } },
    notApplicable: { stream: ANSWERS_ITSELF, hang: ANSWERS_ITSELF },
  }),
  notApplicable: { 'connect-failure': ANSWERS_ITSELF },
});
