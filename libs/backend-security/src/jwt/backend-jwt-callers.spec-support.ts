import type { Principal } from '#core';
import type { BackendJwtIssuerOptions } from './backend-jwt-issuer.js';

/** The API and callers the backend JWT issuer specs describe (spec §13.3). */

export const PETSTORE = { name: 'SwaggerPetstore', version: '1.0.5', basePath: '/v2/1.0.5' };
export const DIALECT = 'http://wso2.org/claims';
export const OPTIONS: BackendJwtIssuerOptions = { header: 'X-JWT-Assertion', issuer: 'wso2.org/products/am', claimDialect: DIALECT, tokenTtlSeconds: 3600, useKid: true, cacheSize: 100 };
export const APPLICATION = { id: 2, uuid: '9f1f3b8a-1c1b-4c3a-9b0e-1f2d3c4b5a69', name: 'PizzaApp', tier: 'Unlimited', owner: 'admin', attributes: { team: 'pizza' } };

/** An API Manager access token's caller, as the JWT verifier builds it. */
export function jwtPrincipal(credential = 'access-token-1'): Principal {
  const claims = {
    iss: 'https://localhost:9443/oauth2/token',
    sub: 'alice@carbon.super',
    aud: 'client-id',
    azp: 'client-id',
    scope: 'read write',
    keytype: 'SANDBOX',
    iat: 1,
    nbf: 1,
    exp: 2,
    jti: 'incoming-jti',
    application: APPLICATION,
    tierInfo: { Unlimited: { stopOnQuotaReach: true } },
    department: 'sales',
  };
  return { scheme: 'jwt', keyType: 'SANDBOX', subject: 'alice@carbon.super', consumerKey: 'client-id', scopes: ['read', 'write'], claims, credential };
}

/** An API key's caller (spec §11.3): no scopes, the subscription in `subscribedAPIs`. */
export function apiKeyPrincipal(): Principal {
  const claims = {
    sub: 'admin@carbon.super',
    iss: 'https://localhost:9443/oauth2/token',
    application: { id: 2, uuid: APPLICATION.uuid, name: 'PizzaApp', tier: 'Unlimited', owner: 'admin' },
    keytype: 'PRODUCTION',
    subscribedAPIs: [{ name: 'SwaggerPetstore', version: '1.0.5', context: '/v2/1.0.5', publisher: 'admin', subscriptionTier: 'Gold' }],
    token_type: 'apiKey',
    iat: 1,
    jti: 'key-jti',
  };
  return { scheme: 'api-key', keyType: 'PRODUCTION', subject: 'admin@carbon.super', scopes: [], claims, credential: 'api-key-1' };
}
