/** Injection tokens of the contracts in this lib (symbols, never magic strings). */
export const DEFINITION_LOADER = Symbol('portico.DefinitionLoader');
export const ROUTING_PUBLISHER = Symbol('portico.RoutingPublisher');
export const SNAPSHOT_SOURCE = Symbol('portico.SnapshotSource');
/** TlsCredentials of the data plane's HTTPS listener. */
export const DATA_PLANE_TLS = Symbol('portico.DataPlaneTls');
/** TlsCredentials of the admin listener. */
export const ADMIN_TLS = Symbol('portico.AdminTls');
