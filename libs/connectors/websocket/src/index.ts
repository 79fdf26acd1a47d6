export { WebSocketConnectorModule } from './websocket-connector.module.js';
export { WebSocketConnectorFactory } from './websocket-connector.factory.js';
export { WebSocketConnector, type WebSocketConnectorOptions } from './websocket-connector.js';
export { WebSocketEndpoint } from './websocket-endpoint.js';
