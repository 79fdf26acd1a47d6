import type { ApiDefinition, OperationSecurity, Principal, Resource } from '#core';

/**
 * An operation that needs no credential: security disabled (spec §11.6) or a prototyped API
 * (§10.6). Nothing is stripped: credential headers reach the backend untouched.
 */
export class UnsecuredOperation implements OperationSecurity {
  readonly secured = false;
  readonly strippedHeaders: readonly string[] = [];
  readonly strippedQueryParameters: readonly string[] = [];

  constructor(private readonly caller: Principal) {}

  authenticate(): Principal {
    return this.caller;
  }
}

/**
 * The anonymous caller's key type (spec §7.1): PRODUCTION when the resource (else the API) has a
 * production endpoint, else SANDBOX; a prototyped API always uses its production endpoint.
 */
export function anonymousCaller(api: ApiDefinition, resource: Resource, prototyped: boolean): Principal {
  const production = prototyped || (resource.endpoints.PRODUCTION ?? api.endpoints.PRODUCTION) !== undefined;
  const sandbox = (resource.endpoints.SANDBOX ?? api.endpoints.SANDBOX) !== undefined;
  const caller: Principal = { scheme: 'none', keyType: production || !sandbox ? 'PRODUCTION' : 'SANDBOX', scopes: [], claims: {} };
  return Object.freeze(caller);
}
