/** Injection tokens of the contracts in this lib (symbols, never magic strings). */
export const DEFINITION_LOADER = Symbol('portico.DefinitionLoader');
export const ROUTING_PUBLISHER = Symbol('portico.RoutingPublisher');
export const SNAPSHOT_SOURCE = Symbol('portico.SnapshotSource');
export const SECURITY_COMPILER = Symbol('portico.SecurityCompiler');
export const CLUSTER_DIRECTORY = Symbol('portico.ClusterDirectory');
export const BACKEND_SECURITY_COMPILER = Symbol('portico.BackendSecurityCompiler');
/** The data-plane endpoint serving the backend JWT's public keys (`GET /.wellknown/jwks`, spec §13.5), or null. */
export const JWKS_ENDPOINT = Symbol('portico.JwksEndpoint');
export const BACKEND_JWT_KEYS = Symbol('portico.BackendJwtKeys');
export const CONNECTOR_CATALOGUE = Symbol('portico.ConnectorCatalogue');
