import type { Principal } from '#core';
import { BackendJwtIssuer, type BackendJwtIssuerOptions } from './backend-jwt-issuer.js';
import { apiKeyPrincipal, APPLICATION, DIALECT, jwtPrincipal, OPTIONS, PETSTORE } from './backend-jwt-callers.spec-support.js';
import { decodedClaims, decodedHeader, useIssuerTestBed } from './backend-jwt.spec-support.js';

describe('Backend JWT claims (spec §13.3)', () => {
  const bed = useIssuerTestBed();

  const issuer = (options: Partial<BackendJwtIssuerOptions> = {}): BackendJwtIssuer => new BackendJwtIssuer(PETSTORE, { ...OPTIONS, ...options }, bed.keys);

  it('describes an access token caller with the dialect (claims exactly as §13.3)', () => {
    const token = issuer().tokenFor(jwtPrincipal())!;
    const iat = Math.floor(bed.clock.ms / 1000);
    expect(decodedHeader(token)).toEqual({ typ: 'JWT', alg: 'RS256', kid: bed.keys.signing.kid });
    expect(decodedClaims(token)).toEqual({
      iss: 'wso2.org/products/am',
      iat,
      exp: iat + 3600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      [`${DIALECT}/subscriber`]: 'admin',
      [`${DIALECT}/applicationid`]: APPLICATION.uuid,
      [`${DIALECT}/applicationname`]: 'PizzaApp',
      [`${DIALECT}/applicationtier`]: 'Unlimited',
      [`${DIALECT}/applicationUUId`]: APPLICATION.uuid,
      [`${DIALECT}/apiname`]: 'SwaggerPetstore',
      [`${DIALECT}/apicontext`]: '/v2/1.0.5',
      [`${DIALECT}/version`]: '1.0.5',
      [`${DIALECT}/keytype`]: 'SANDBOX',
      [`${DIALECT}/usertype`]: 'Application_User',
      [`${DIALECT}/enduser`]: 'alice@carbon.super',
      [`${DIALECT}/enduserTenantId`]: '0',
      [`${DIALECT}/applicationAttributes`]: { team: 'pizza' },
      azp: 'client-id',
      scope: 'read write',
      keytype: 'SANDBOX',
      department: 'sales',
    });
  });

  it('uses bare claim names with an empty dialect (or "/"); its own claims win over copied ones', () => {
    for (const claimDialect of ['', '/']) {
      const claims = decodedClaims(issuer({ claimDialect }).tokenFor({ ...jwtPrincipal(), keyType: 'PRODUCTION' })!);
      expect(claims).toMatchObject({ subscriber: 'admin', applicationname: 'PizzaApp', enduser: 'alice@carbon.super', apicontext: '/v2/1.0.5', keytype: 'PRODUCTION' });
      expect(Object.keys(claims).some((name) => name.includes('/'))).toBe(false);
    }
  });

  it('describes an API key caller: subscription tier from subscribedAPIs, key claims passed on, key-only claims dropped', () => {
    const claims = decodedClaims(issuer().tokenFor(apiKeyPrincipal())!);
    expect(claims).toMatchObject({
      [`${DIALECT}/subscriber`]: 'admin',
      [`${DIALECT}/applicationid`]: APPLICATION.uuid,
      [`${DIALECT}/tier`]: 'Gold',
      [`${DIALECT}/keytype`]: 'PRODUCTION',
      [`${DIALECT}/enduser`]: 'admin@carbon.super',
      token_type: 'apiKey',
      keytype: 'PRODUCTION',
    });
    expect(claims).not.toHaveProperty('sub');
    expect(claims).not.toHaveProperty('subscribedAPIs');
    expect(claims).not.toHaveProperty([`${DIALECT}/applicationAttributes`]);
    expect(claims.jti).not.toBe('key-jti');
  });

  it('leaves out application claims an internal key has no value for', () => {
    const principal: Principal = { scheme: 'internal-key', keyType: 'PRODUCTION', subject: 'admin', scopes: [], claims: { sub: 'admin', keytype: 'PRODUCTION' }, credential: 'k' };
    const claims = decodedClaims(issuer().tokenFor(principal)!);
    expect(claims).not.toHaveProperty([`${DIALECT}/subscriber`]);
    expect(claims).not.toHaveProperty([`${DIALECT}/applicationname`]);
    expect(claims[`${DIALECT}/enduser`]).toBe('admin');
  });

  it('sends nothing for an anonymous caller, security disabled or mutual TLS alone (§13.2)', () => {
    const backendJwt = issuer();
    expect(backendJwt.tokenFor(undefined)).toBeUndefined();
    expect(backendJwt.tokenFor({ scheme: 'none', keyType: 'PRODUCTION', scopes: [], claims: {} })).toBeUndefined();
    expect(backendJwt.tokenFor({ scheme: 'mutual-tls', keyType: 'PRODUCTION', scopes: [], claims: {}, credential: 'cert' })).toBeUndefined();
  });
});
