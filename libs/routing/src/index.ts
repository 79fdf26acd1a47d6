export { RoutingModule } from './routing.module.js';
export { RoutingTable } from './routing-table.js';
export { ConnectorRegistry } from './connector-registry.js';
