export { RestConnectorModule } from './rest-connector.module.js';
export { RestConnectorFactory } from './rest-connector.factory.js';
