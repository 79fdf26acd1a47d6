import type { HeaderMap } from '../connector/connector.js';
import type { ApiDefinition } from '../model/api-definition.js';
import type { EndpointSet } from '../model/endpoint-set.js';
import type { CompileProblems, Principal } from './consumer-security.js';

/**
 * The credentials the gateway sends to the backends of one cluster (spec §12: Basic; Portico: API
 * key, OAuth2 client credentials). Compiled at deploy time, owned by the cluster, applied to
 * every try.
 */
export interface BackendCredentials {
  /**
   * True when a 401 from the backend may be cured by fresh credentials (an OAuth2 token revoked
   * or expired early): the data plane then keeps the body for one more try.
   */
  readonly renewable: boolean;
  /**
   * Sets the credential headers of one try, replacing the client's. Returns a promise only while
   * fresh credentials are being fetched; it rejects with BackendCredentialsUnavailable when they
   * cannot be had.
   */
  apply(headers: HeaderMap): Promise<void> | undefined;
  /**
   * The backend answered 401 to a try that carried `headers` (as `apply` set them): drop those
   * credentials so that the next `apply` fetches fresh ones (a newer token already replacing them
   * is kept). False when another try would not help: nothing renewable, or credentials so fresh
   * that the backend must be refusing for another reason (no token fetch per refused request).
   */
  renew(headers: HeaderMap): boolean;
  /** The query string (with `?`, or empty) sent upstream: an API key in the query replaces the client's parameter of that name. */
  query(search: string): string;
  /** Stops token refreshes and closes the token endpoint's connections; idempotent. */
  dispose(): Promise<void>;
}

/** Why a request found no credentials for its backend (token endpoint down, refused, malformed). */
export class BackendCredentialsUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendCredentialsUnavailable';
  }
}

/**
 * The backend JWT of one API (spec §13): the end user's attributes, signed by the gateway, sent
 * to the backend. One per API, compiled at deploy time; tokens are cached per caller credential.
 */
export interface BackendJwt {
  /** Upstream header name, lower case (`x-jwt-assertion`). */
  readonly header: string;
  /**
   * The token for this caller, from the cache when the same credential was seen and its token
   * is still fresh; undefined when the caller is anonymous (security disabled): the client's
   * header is removed and none is sent.
   */
  tokenFor(principal: Principal | undefined): string | undefined;
}

/** Compiles an API's backend-side security at deploy time; implemented by the backend-security lib. */
export interface BackendSecurityCompiler {
  /** Undefined when the API sends no backend JWT. Problems (unusable settings) go into `problems`. */
  backendJwt(api: ApiDefinition, problems: CompileProblems): BackendJwt | undefined;
  /**
   * Undefined when the set sends no credentials. A secret's environment variable that is not set,
   * or a token endpoint the destination rules refuse, is an error in `problems`.
   */
  credentials(api: ApiDefinition, set: EndpointSet, problems: CompileProblems): BackendCredentials | undefined;
}

/** What a key rotation left in place: the signing key's id and every key id the JWKS publishes. */
export interface BackendJwtRotation {
  readonly kid: string;
  readonly published: readonly string[];
}

/** The backend JWT's keys as the admin API sees them (token BACKEND_JWT_KEYS). */
export interface BackendJwtKeyRing {
  /**
   * A new signing key (generated keys) or the configured key files read again; the previous
   * signing key stays published until the tokens it signed have expired. Rejects, changing
   * nothing, when a configured file is now broken.
   */
  rotate(): Promise<BackendJwtRotation>;
}
