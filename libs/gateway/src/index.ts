export { GatewayModule, type GatewayModuleOptions } from './gateway.module.js';
export { startGateway, type RunningGateway, type StartOptions } from './start-gateway.js';
export { issueCertificate, type IssuedCertificate, type CertificateRequest } from './certificate-issuer.js';
