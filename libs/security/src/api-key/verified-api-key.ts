import { type AuthResult, type Principal, REQUEST_ERRORS, type SecurityRequest } from '#core';
import type { ApiIdentity } from '../credential-verifiers.js';
import { keyPrincipalOf, subscribedApisOf } from './key-claims.js';
import { PermittedAddresses } from './permitted-addresses.js';
import { PermittedReferers } from './permitted-referers.js';

const FORBIDDEN = { failure: REQUEST_ERRORS.resourceForbidden } as const;

/**
 * An API key whose signature and expiry were verified: what is cached. Its principal and its
 * compiled restrictions are built once; `admit` runs the checks that depend on the request and
 * the API (spec §11.3) on every call, cached or not.
 */
export class VerifiedApiKey {
  private readonly addresses: PermittedAddresses | undefined;
  private readonly referers: PermittedReferers | undefined;
  private readonly subscriptions: readonly Readonly<Record<string, unknown>>[] | undefined;
  readonly principal: Principal;

  constructor(key: string, claims: Readonly<Record<string, unknown>>) {
    this.addresses = PermittedAddresses.of(claims.permittedIP);
    this.referers = PermittedReferers.of(claims.permittedReferer);
    this.subscriptions = subscribedApisOf(claims);
    // API keys carry no scopes: a resource that requires scopes refuses them (spec §11.3).
    this.principal = keyPrincipalOf('api-key', key, claims);
  }

  /** IP, then Referer, then (when asked) the subscription: each refusal is 403 900908. */
  admit(api: ApiIdentity, request: SecurityRequest, validateSubscription: boolean): AuthResult {
    if (this.addresses !== undefined && !this.addresses.permits(request.clientAddress)) return FORBIDDEN;
    if (this.referers !== undefined && !this.referers.permits(headerValue(request.headers.referer))) return FORBIDDEN;
    if (validateSubscription && !this.subscribesTo(api)) return FORBIDDEN;
    return this.principal;
  }

  private subscribesTo(api: ApiIdentity): boolean {
    return this.subscriptions?.some((entry) => entry.name === api.name && entry.version === api.version) ?? false;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
