import type { ServedWsdl, SoapOperationMapping, SoapService } from './soap-mapping.js';
import type { CorsConfig } from './cors-config.js';
import type { EndpointSets } from './endpoint-set.js';

export type ApiType = 'HTTP' | 'SOAP' | 'WS' | 'GRAPHQL';

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The connector (backend type) an API is served by, chosen at deploy time. */
export interface ConnectorChoice {
  /** Registered connector type: `rest`, `mock`, or a user connector's type. */
  readonly type: string;
  /** Connector-specific options, validated by the connector factory at deploy time. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Where the choice was made (file and JSON pointer), for deploy problems about it. */
  readonly location?: string;
  /** Where the options are written, when not at `<location>/options` (e.g. `x-portico-mock` is its options). */
  readonly optionsLocation?: string;
}

/** One security requirement of an operation: scheme name → required scopes (spec §11.1). */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface Operation {
  readonly method: HttpMethod;
  readonly operationId?: string;
  /** Security disabled by `x-wso2-disable-security` / `x-auth-type: None` (op > path > API). */
  readonly disableSecurity: boolean;
  /** Effective security requirements (operation level replaces API level). */
  readonly security: readonly SecurityRequirement[];
  /** The operation's `responses` object as written (the mock connector compiles it). */
  readonly responses?: Readonly<Record<string, unknown>>;
  /** OpenAPI 2.0 `produces` of the operation (or the document's), for mock responses. */
  readonly produces?: readonly string[];
  /** JSON pointer of the operation in the definition, e.g. `/paths/~1pet~1{id}/get`. */
  readonly location: string;
  /** Portico's `x-portico-soap` of the operation: the WSDL operation it is mediated to (REST-to-SOAP). */
  readonly soap?: SoapOperationMapping;
}

/** A path item of the definition: one route pattern at runtime (spec §5.2). */
export interface Resource {
  /** The path template as written, e.g. `/pet/{petId}` or `/*`. */
  readonly path: string;
  readonly operations: readonly Operation[];
  /** Resource-level endpoint sets; a missing key type falls back to the API level (§6.4). */
  readonly endpoints: EndpointSets;
  /** WebSocket channels: the backend path from `x-uri-mapping`, with `{uri.var.x}` placeholders. */
  readonly uriMapping?: string;
  readonly location: string;
}

/** Per-API backend JWT settings; each field left out takes the gateway's `backendJwt` value. */
export interface BackendJwtOverride {
  readonly enabled?: boolean;
  /** Upstream header name, lower case. */
  readonly header?: string;
  readonly tokenTtlSeconds?: number;
}

/** Where an API is deployed: a gateway environment and one of its vhosts (spec §15). */
export interface DeploymentTarget {
  readonly environment: string;
  readonly vhost: string;
}

/** Mutual TLS from clients (spec §11.8): none, optional (application security decides) or mandatory. */
export type MutualSslMode = 'none' | 'optional' | 'mandatory';

/** A client certificate of the project's `Client-certificates/` (spec §3.1, §11.8). */
export interface ClientCertificate {
  readonly alias: string;
  /** The subscription tier of callers presenting it (client_certificates.yaml `tierName`). */
  readonly tierName?: string;
  /** One PEM certificate, re-encoded. */
  readonly pem: string;
}

export type DefinitionFormat = 'openapi2' | 'openapi3' | 'asyncapi2';

/** How the gateway's own errors are written for SOAP requests (spec §10.3, §16.3): SOAP faults or the JSON bodies. */
export type SoapErrorFormat = 'xml' | 'json';

/**
 * The normalized API: everything later stages need, whichever format it came from
 * (spec §6.5). Immutable once built.
 */
export interface ApiDefinition {
  /** api.yaml `id`, else the lower-case hex SHA-1 of `name:version`. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly type: ApiType;
  /** Exposed context without a trailing slash, e.g. `/petstore/v1`. */
  readonly basePath: string;
  readonly isDefaultVersion: boolean;
  readonly organization: string;
  /** api.yaml `lifeCycleStatus`, upper-cased (`PUBLISHED` when absent). */
  readonly lifecycle: string;
  /** Lifecycle PROTOTYPED or api.yaml `endpointConfig.implementation_status: prototyped` (spec §10.6). */
  readonly prototyped: boolean;
  readonly connector: ConnectorChoice;
  readonly endpoints: EndpointSets;
  readonly resources: readonly Resource[];
  /** Security disabled for the whole API (`x-wso2-disable-security: true` at the root). */
  readonly disableSecurity: boolean;
  /** Header carrying the OAuth2 token (`x-wso2-auth-header`, else api.yaml `authorizationHeader`), lower case; undefined: the gateway's `security.authorizationHeader`. */
  readonly authHeader?: string;
  /** Security schemes by name as written in the definition. */
  readonly securitySchemes: Readonly<Record<string, unknown>>;
  /** api.yaml `securityScheme` entries (lower-cased). */
  readonly apiYamlSecuritySchemes: readonly string[];
  /** api.yaml `mutualssl` (+ `mutualssl_mandatory`), else the definition's `x-wso2-mutual-ssl`. */
  readonly mutualSsl: MutualSslMode;
  /** api.yaml `oauth_basic_auth_api_key_mandatory` (spec §11.1): with mandatory mTLS, both are needed. */
  readonly applicationSecurityMandatory: boolean;
  /** The certificates mutual TLS accepts; never empty when `mutualSsl` is not `none`. */
  readonly clientCertificates: readonly ClientCertificate[];
  readonly http2Backend: boolean;
  /** Portico's `x-portico-backend-jwt`: this API's backend JWT settings over `backendJwt` of the gateway (spec §13). */
  readonly backendJwt?: BackendJwtOverride;
  /** `x-wso2-cors` as written (enabled or not); undefined: the gateway's CORS settings apply. */
  readonly cors?: CorsConfig;
  /** Portico's `x-portico-soap-errors`: this API's choice over `dataPlane.soapErrorsInXml` for errors after its route matched. */
  readonly soapErrors?: SoapErrorFormat;
  /** Portico's root `x-portico-soap`: the SOAP service this REST API is mediated to (connector `soap`). */
  readonly soap?: SoapService;
  /** SOAP pass-through APIs: the WSDL answered at `<base path>?wsdl`, its addresses rewritten to the gateway's. */
  readonly wsdl?: ServedWsdl;
  /** Targets from deployment_environments.yaml, resolved against the configured environments; never empty. */
  readonly deploymentTargets: readonly DeploymentTarget[];
  readonly definition: {
    readonly format: DefinitionFormat;
    /** The parsed definition document (JSON data), kept for connectors that need it. */
    readonly document: Readonly<Record<string, unknown>>;
  };
}
