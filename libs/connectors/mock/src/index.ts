export { MockConnectorFactory } from './mock-connector.factory.js';
export { MockConnectorModule } from './mock-connector.module.js';
export { MOCK_OPTION_DEFAULTS, readMockOptions, type AcceptNegotiation, type MockOptions, type ReadMockOptions } from './mock-options.js';
