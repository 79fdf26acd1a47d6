/**
 * The connector contract test kit: `describeConnectorContract(subject)` runs the suite against a
 * connector factory; `ContractSession` runs single checks as functions returning verdicts.
 */
export { describeConnectorContract } from './describe-connector-contract.js';
export { ContractSession } from './contract-session.js';
export { CONTRACT_CHECKS } from './contract-checks.js';
export type { ContractCheck } from './contract-check.js';
export { CONTRACT_CHECK_IDS, DEFAULT_CONTRACT_TIMEOUTS, type ConnectorContractSubject, type ContractCheckId, type ContractTimeouts } from './contract-subject.js';
export type { ContractVerdict } from './contract-verdict.js';
export {
  ECHO_HEADER,
  RUN_HEADER,
  STREAM_CHUNKS,
  type ContractScenario,
  type ContractScenarios,
  type EchoBody,
  type FixedAnswer,
  type ScenarioSetup,
  type ScenarioWitness,
} from './contract-scenario.js';
export { httpContractScenarios, type HttpContractScenarios, type HttpContractScenariosOptions } from './http-contract-scenarios.js';
export { ContractHttpBackend, STREAM_FALLBACK_MS } from './contract-http-backend.js';
export { contractApi, contractClusterSpec, contractEndpointSet } from './contract-cluster-spec.js';
export { closedPort as contractClosedPort } from './closed-port.js';
