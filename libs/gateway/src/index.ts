export { GatewayModule, type GatewayModuleAsyncOptions, type GatewayModuleOptions } from './gateway.module.js';
export { recordDataPlanePorts, startGateway, type RunningGateway, type StartOptions } from './start-gateway.js';
export { issueCertificate, type IssuedCertificate, type CertificateRequest } from './certificate-issuer.js';
// What an application composing the gateway needs besides the module: its settings.
export { GatewaySettings, loadProcessSettings, loadSettings, SettingsError } from '#settings';
export { EXIT_CODES, StartupError } from '#core';
// The example connector (README "Writing a connector"), for applications that compose it.
export { FunctionConnectorModule, type FunctionConnectorModuleOptions, type FunctionContext, type FunctionHandler, type FunctionRequest, type FunctionResponse } from '#connectors/function';
export { GatewayContractsModule } from './gateway-contracts.module.js';
export * from './cluster/index.js';
export { runGatewayProcess } from './process/run-gateway-process.js';
export type { GatewayProcessOptions } from './process/start-or-exit.js';
