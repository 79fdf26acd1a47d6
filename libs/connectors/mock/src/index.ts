export { MockConnectorFactory } from './mock-connector.factory.js';
export { MockConnectorModule } from './mock-connector.module.js';
export type { AcceptNegotiation, MockOptions } from './mock-options.js';
