import type { IncomingHttpHeaders } from 'node:http';
import type { PeerCertificate } from 'node:tls';
import type { RequestErrorSpec } from '../errors/request-errors.js';
import type { Problem } from '../errors/problem.js';
import type { ApiDefinition, Operation, Resource } from '../model/api-definition.js';

/** How a caller proved who it is (spec §11.1). `none`: the operation has security disabled. */
export type AuthenticationScheme = 'jwt' | 'api-key' | 'internal-key' | 'mutual-tls' | 'none';

/** The caller of one request, as the operation's security handler established it. */
export interface Principal {
  readonly scheme: AuthenticationScheme;
  /**
   * The credential's `keytype` claim, upper-cased; `PRODUCTION` when absent (spec §7.1). Any value
   * other than PRODUCTION or SANDBOX is answered with the "Invalid key type" 401 of §7.3.
   */
  readonly keyType: string;
  /** Configured name of the issuer that vouched for the credential (`security.issuers[].name`). */
  readonly issuer?: string;
  readonly subject?: string;
  /** The client id (`consumerKeyClaim` of the issuer), for logs and the backend JWT. */
  readonly consumerKey?: string;
  readonly scopes: readonly string[];
  /** The credential's claims after the issuer's claim mapping (backend JWT, logs). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The credential itself: the key of per-credential caches downstream (backend JWT). */
  readonly credential?: string;
}

/** A refused request: the catalogue entry and, where the spec words it per case, its description. */
export interface AuthFailure {
  readonly failure: RequestErrorSpec;
  readonly description?: string;
  /** Replaces the `WWW-Authenticate` value of a policy 401 (an API with mutual TLS: spec §11.1); precomputed, never built per request. */
  readonly wwwAuthenticate?: string;
}

export type AuthResult = Principal | AuthFailure;

export function isAuthFailure(result: AuthResult): result is AuthFailure {
  return (result as AuthFailure).failure !== undefined;
}

/** What security handlers read of a request. The data plane builds it once per secured request. */
export interface SecurityRequest {
  /** Header names are lower case (node:http). */
  readonly headers: IncomingHttpHeaders;
  /** The raw query string without `?` (empty when there is none). */
  readonly query: string;
  /** The client's address: the connection's peer, or the first untrusted hop of a trusted proxy's X-Forwarded-For. */
  readonly clientAddress: string | undefined;
  /** The TLS client certificate, when the connection presented one. */
  readonly clientCertificate?: PeerCertificate;
}

/**
 * The compiled security of one operation (ARCHITECTURE §3): built at deploy time, run per
 * request. `authenticate` answers synchronously whenever it can (a cached token), so that the
 * common case costs no promise.
 */
export interface OperationSecurity {
  /** False when the operation needs no credential (security disabled, prototyped API). */
  readonly secured: boolean;
  authenticate(request: SecurityRequest): AuthResult | Promise<AuthResult>;
  /** Lower-case header names removed before forwarding (credential headers: spec §11.3, §11.4, §11.7). */
  readonly strippedHeaders: readonly string[];
  /** Query parameter names removed before forwarding (API keys sent in the query). */
  readonly strippedQueryParameters: readonly string[];
  /** The `WWW-Authenticate` of this operation's 401s when it is not the default (an API with mutual TLS). */
  readonly wwwAuthenticate?: string;
}

/** Where a compile reports what it found: errors refuse the deploy (422), warnings go into the deploy answer. */
export interface CompileProblems {
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

/** Turns an operation's security (definition, api.yaml, gateway settings) into its handler at deploy time. */
export interface SecurityCompiler {
  /** Problems (a scheme the gateway cannot verify: error; a requirement naming no scheme: warning) go into `problems`. */
  compile(api: ApiDefinition, resource: Resource, operation: Operation, problems: CompileProblems): OperationSecurity;
}
