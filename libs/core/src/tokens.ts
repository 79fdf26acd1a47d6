/** Injection tokens of the contracts in this lib (symbols, never magic strings). */
export const DEFINITION_LOADER = Symbol('portico.DefinitionLoader');
export const ROUTING_PUBLISHER = Symbol('portico.RoutingPublisher');
export const SNAPSHOT_SOURCE = Symbol('portico.SnapshotSource');
export const SECURITY_COMPILER = Symbol('portico.SecurityCompiler');
export const CLUSTER_DIRECTORY = Symbol('portico.ClusterDirectory');
