import { type AuthResult, type Principal, REQUEST_ERRORS } from '#core';
import { keyPrincipalOf, subscribedApisOf } from '../api-key/key-claims.js';
import type { ApiIdentity } from '../credential-verifiers.js';

const FORBIDDEN = { failure: REQUEST_ERRORS.resourceForbidden } as const;

/**
 * An internal key whose signature, expiry and `token_type` were verified: what is cached. The
 * subscription depends on the API, so `admit` checks it on every call (spec §11.4).
 */
export class VerifiedInternalKey {
  private readonly subscriptions: readonly Readonly<Record<string, unknown>>[] | undefined;
  readonly principal: Principal;

  constructor(key: string, claims: Readonly<Record<string, unknown>>) {
    this.subscriptions = subscribedApisOf(claims);
    this.principal = keyPrincipalOf('internal-key', key, claims);
  }

  /** An entry whose `context` is the API's base path and `version` its version; none (or no claim) → 403 900908. */
  admit(api: ApiIdentity): AuthResult {
    const subscribed = this.subscriptions?.some((entry) => entry.context === api.basePath && entry.version === api.version) ?? false;
    return subscribed ? this.principal : FORBIDDEN;
  }
}
