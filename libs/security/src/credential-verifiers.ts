import type { AuthResult, SecurityRequest } from '#core';

/** The API a credential is presented to: what subscription checks compare (spec §11.2 step 8, §11.3, §11.4). */
export interface ApiIdentity {
  readonly name: string;
  readonly version: string;
  /** The API's context (`/petstore/v1`), compared by internal keys' `subscribedAPIs[].context`. */
  readonly basePath: string;
}

/**
 * OAuth2 JWT access tokens of the configured issuers (spec §11.2 steps 2–8 and 10): decode,
 * issuer, signature (certificate or JWKS by `kid`), `exp`/`nbf`, claims, subscription. Scopes are
 * checked by the operation's handler, which knows the resource. Abstract classes are the DI tokens.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string, api: ApiIdentity): AuthResult | Promise<AuthResult>;
}

/** API keys (spec §11.3): signature, expiry, `permittedIP`, `permittedReferer`, subscription. */
export abstract class ApiKeyVerifier {
  abstract verify(key: string, api: ApiIdentity, request: SecurityRequest): AuthResult | Promise<AuthResult>;
}

/** Internal (test-console) keys (spec §11.4). `enabled` is false when no certificate is configured. */
export abstract class InternalKeyVerifier {
  abstract readonly enabled: boolean;
  abstract verify(key: string, api: ApiIdentity): AuthResult | Promise<AuthResult>;
}
