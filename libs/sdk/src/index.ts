/**
 * @portico/sdk: what a connector module is written against. It is built from the gateway's own
 * core (one source of truth) into this package; a gateway refuses at boot a connector stamped with
 * a contract version it does not implement (see CONNECTOR_CONTRACT_VERSION).
 */
export { ConnectorFactory, type ClusterSpec, CONNECTOR_PREPARE_TIMEOUT_MS } from '../../core/src/connector/connector-factory.js';
export type {
  Cancellation,
  ConnectionEnd,
  Connector,
  ForwardOutcome,
  HeaderMap,
  ProbeResult,
  ResponseHead,
  ResponseTarget,
  UpgradeOutcome,
  UpgradeRequest,
  UpstreamFailureKind,
  UpstreamRequest,
} from '../../core/src/connector/connector.js';
export {
  CONNECTOR_METADATA,
  GatewayConnector,
  type ConnectorCapabilities,
  type ConnectorStamp,
  type GatewayConnectorMetadata,
} from '../../core/src/connector/gateway-connector.decorator.js';
export { CONNECTOR_CONTRACT_VERSION, contractIncompatibility } from '../../core/src/connector/connector-contract-version.js';
export type {
  ArrayOptionSchema,
  BooleanOptionSchema,
  NumberOptionSchema,
  ObjectOptionSchema,
  OptionSchema,
  StringOptionSchema,
} from '../../core/src/connector/connector-options-schema.js';
export { checkConnectorOptions, type CheckedOptions, type OptionProblem } from '../../core/src/connector/connector-options-validation.js';
export { answerRequestError, answerWhole } from '../../core/src/connector/whole-answer.js';
export { type ExtensionProblemCode, type Problem, problemCategory } from '../../core/src/errors/problem.js';
export { PROBLEM_CODES, type ProblemCategory, type ProblemCode } from '../../core/src/errors/problem-codes.js';
export { REQUEST_ERRORS, requestErrorBody, type ErrorShape, type RequestErrorSpec } from '../../core/src/errors/request-errors.js';
export type { ApiDefinition, ConnectorChoice, HttpMethod, Operation, Resource } from '../../core/src/model/api-definition.js';
export type { ConnectorOverride, EndpointSet, EndpointUrl } from '../../core/src/model/endpoint-set.js';
export { connectorSelection, connectorTypesOf, endpointSetsOf, type ConnectorSelection } from '../../core/src/model/connector-selection.js';
export { KEY_TYPES, type KeyType } from '../../core/src/model/key-type.js';
export type { Principal } from '../../core/src/contracts/consumer-security.js';
