import { contractClusterSpec, describeConnectorContract, httpContractScenarios } from '#testing';
import { restFactoryWith } from './rest-connector-factory.spec-support.js';

describeConnectorContract({
  factory: () => restFactoryWith(),
  scenarios: httpContractScenarios({ cluster: (url) => contractClusterSpec('rest', url) }),
});
