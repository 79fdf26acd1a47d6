import type { AuthResult, SecurityRequest } from '#core';
import type { AuthenticationAttempt } from './authentication-attempt.js';
import type { AccessTokenVerifier, ApiIdentity, ApiKeyVerifier, InternalKeyVerifier } from './credential-verifiers.js';

/**
 * One authenticator of the chain (spec §11.1): where its credential is read and who verifies it.
 * `read` answers undefined when the authenticator "cannot try": no credential, or one of the
 * wrong shape, which is not a failure of its own.
 */
export interface CredentialStep {
  /** For messages and tests: `internal-key`, `oauth2`, `api-key header x`, `api-key query x`. */
  readonly label: string;
  read(request: SecurityRequest, attempt: AuthenticationAttempt): string | undefined;
  verify(credential: string, request: SecurityRequest): AuthResult | Promise<AuthResult>;
}

/** A JWT (JWS compact form): three `.`-separated parts. */
const THREE_PARTS = /^[^.]*\.[^.]*\.[^.]*$/;
/**
 * `Bearer <jwt>`: the scheme word in any case, exactly two whitespace-separated parts, a token of
 * three parts. `Bearer Bearer x`, a bare `Bearer` or `Basic …` cannot try (missing credentials).
 */
const BEARER_TOKEN = /^bearer\s+([^\s.]*\.[^\s.]*\.[^\s.]*)$/i;

function headerValue(request: SecurityRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function jwtShaped(value: string | undefined | null): string | undefined {
  return value !== undefined && value !== null && THREE_PARTS.test(value) ? value : undefined;
}

/** Test-console keys (spec §11.4): tried first; a valid one wins over any other credential. */
export class InternalKeyStep implements CredentialStep {
  readonly label = 'internal-key';

  constructor(
    private readonly header: string,
    private readonly verifier: InternalKeyVerifier,
    private readonly api: ApiIdentity,
  ) {}

  read(request: SecurityRequest): string | undefined {
    return jwtShaped(headerValue(request, this.header));
  }

  verify(credential: string): AuthResult | Promise<AuthResult> {
    return this.verifier.verify(credential, this.api);
  }
}

/** OAuth2 access tokens in the API's auth header (spec §11.2 step 1, §11.7). */
export class BearerTokenStep implements CredentialStep {
  readonly label = 'oauth2';

  constructor(
    private readonly header: string,
    private readonly verifier: AccessTokenVerifier,
    private readonly api: ApiIdentity,
  ) {}

  read(request: SecurityRequest): string | undefined {
    const value = headerValue(request, this.header);
    return value === undefined ? undefined : BEARER_TOKEN.exec(value)?.[1];
  }

  verify(credential: string): AuthResult | Promise<AuthResult> {
    return this.verifier.verify(credential, this.api);
  }
}

/** An API key in a header; `header` is lower case, as node:http gives header names. */
export class ApiKeyHeaderStep implements CredentialStep {
  readonly label: string;

  constructor(
    private readonly header: string,
    private readonly verifier: ApiKeyVerifier,
    private readonly api: ApiIdentity,
  ) {
    this.label = `api-key header ${header}`;
  }

  read(request: SecurityRequest): string | undefined {
    return jwtShaped(headerValue(request, this.header));
  }

  verify(credential: string, request: SecurityRequest): AuthResult | Promise<AuthResult> {
    return this.verifier.verify(credential, this.api, request);
  }
}

/** An API key in a query parameter, whose name is matched case-sensitively (spec §11.1). */
export class ApiKeyQueryStep implements CredentialStep {
  readonly label: string;

  constructor(
    private readonly parameter: string,
    private readonly verifier: ApiKeyVerifier,
    private readonly api: ApiIdentity,
  ) {
    this.label = `api-key query ${parameter}`;
  }

  read(request: SecurityRequest, attempt: AuthenticationAttempt): string | undefined {
    if (request.query === '') return undefined;
    return jwtShaped(attempt.queryParameters(request).get(this.parameter));
  }

  verify(credential: string, request: SecurityRequest): AuthResult | Promise<AuthResult> {
    return this.verifier.verify(credential, this.api, request);
  }
}
