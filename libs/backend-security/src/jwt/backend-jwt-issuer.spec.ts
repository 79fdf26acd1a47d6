import type { Principal } from '#core';
import { BackendJwtIssuer, type BackendJwtIssuerOptions } from './backend-jwt-issuer.js';
import { BackendJwtKeys } from './backend-jwt-keys.js';
import { DIALECT, jwtPrincipal, OPTIONS, PETSTORE } from './backend-jwt-callers.spec-support.js';
import { decodedClaims, decodedHeader, removeDir, settingsIn, tempDir, useIssuerTestBed, verifiedWithJwks, writeKeyPair } from './backend-jwt.spec-support.js';

describe('BackendJwtIssuer (spec §13.2–§13.4)', () => {
  const bed = useIssuerTestBed();

  const issuer = (options: Partial<BackendJwtIssuerOptions> = {}): BackendJwtIssuer => new BackendJwtIssuer(PETSTORE, { ...OPTIONS, ...options }, bed.keys);

  it('lower-cases the header name and sets exp − iat to the TTL exactly', () => {
    const backendJwt = issuer({ tokenTtlSeconds: 900 });
    expect(backendJwt.header).toBe('x-jwt-assertion');
    bed.clock.ms += 999;
    const claims = decodedClaims(backendJwt.tokenFor(jwtPrincipal())!);
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('reuses the token for the same credential and signs another for a different one (§13.4)', () => {
    const backendJwt = issuer();
    const first = backendJwt.tokenFor(jwtPrincipal('token-a'));
    expect(backendJwt.tokenFor(jwtPrincipal('token-a'))).toBe(first);
    expect(backendJwt.tokenFor(jwtPrincipal('token-b'))).not.toBe(first);
    const withoutCredential: Principal = { ...jwtPrincipal(), credential: undefined };
    expect(backendJwt.tokenFor(withoutCredential)).not.toBe(backendJwt.tokenFor(withoutCredential));
    const uncached = issuer({ cacheSize: 0 });
    expect(uncached.tokenFor(jwtPrincipal('token-a'))).not.toBe(uncached.tokenFor(jwtPrincipal('token-a')));
  });

  it('signs a new token when 10% of the lifetime (at most 60 s) is left, or when the cache is full', () => {
    const backendJwt = issuer({ cacheSize: 1 });
    const first = backendJwt.tokenFor(jwtPrincipal('token-a'));
    bed.clock.advance(3539);
    expect(backendJwt.tokenFor(jwtPrincipal('token-a'))).toBe(first);
    bed.clock.advance(1);
    const renewed = backendJwt.tokenFor(jwtPrincipal('token-a'));
    expect(renewed).not.toBe(first);
    backendJwt.tokenFor(jwtPrincipal('token-b'));
    expect(backendJwt.tokenFor(jwtPrincipal('token-a'))).not.toBe(renewed);

    const short = issuer({ tokenTtlSeconds: 100 });
    const token = short.tokenFor(jwtPrincipal('token-a'));
    bed.clock.advance(89);
    expect(short.tokenFor(jwtPrincipal('token-a'))).toBe(token);
    bed.clock.advance(1);
    expect(short.tokenFor(jwtPrincipal('token-a'))).not.toBe(token);
  });

  it('signs a new token after a key rotation; old and new tokens verify with the JWKS key their kid names', async () => {
    const backendJwt = issuer();
    const before = backendJwt.tokenFor(jwtPrincipal())!;
    await bed.keys.rotate();
    const after = backendJwt.tokenFor(jwtPrincipal())!;
    expect(after).not.toBe(before);
    expect(decodedHeader(after).kid).toBe(bed.keys.signing.kid);
    expect(decodedHeader(after).kid).not.toBe(decodedHeader(before).kid);
    expect(verifiedWithJwks(before, bed.keys.jwks())[`${DIALECT}/enduser`]).toBe('alice@carbon.super');
    expect(verifiedWithJwks(after, bed.keys.jwks())[`${DIALECT}/enduser`]).toBe('alice@carbon.super');
  });

  it('signs ES256 tokens that verify with the JWKS key', async () => {
    const esKeys = await BackendJwtKeys.load(settingsIn(bed.dir, (jwt) => (jwt.signingAlgorithm = 'ES256')), bed.clock.now);
    const token = new BackendJwtIssuer(PETSTORE, OPTIONS, esKeys).tokenFor(jwtPrincipal())!;
    expect(decodedHeader(token)).toEqual({ typ: 'JWT', alg: 'ES256', kid: esKeys.signing.kid });
    // JWS ES256 signatures are raw r‖s: 64 bytes.
    expect(Buffer.from(token.split('.')[2], 'base64url')).toHaveLength(64);
    expect(verifiedWithJwks(token, esKeys.jwks()).iss).toBe('wso2.org/products/am');
  });

  it('names the certificate thumbprint (x5t#S256) of a configured key, and leaves out the kid without useKid', async () => {
    const certDir = tempDir();
    try {
      const { entry } = await writeKeyPair(certDir, 'signer', { certificate: true });
      const certKeys = await BackendJwtKeys.load(settingsIn(certDir, (jwt) => (jwt.keys = [entry])), bed.clock.now);
      const token = new BackendJwtIssuer(PETSTORE, OPTIONS, certKeys).tokenFor(jwtPrincipal())!;
      expect(decodedHeader(token)).toEqual({ typ: 'JWT', alg: 'RS256', kid: certKeys.signing.kid, 'x5t#S256': certKeys.signing.kid });
      expect(verifiedWithJwks(token, certKeys.jwks()).iss).toBe('wso2.org/products/am');
      const withoutKid = new BackendJwtIssuer(PETSTORE, { ...OPTIONS, useKid: false }, certKeys).tokenFor(jwtPrincipal())!;
      expect(decodedHeader(withoutKid)).toEqual({ typ: 'JWT', alg: 'RS256', 'x5t#S256': certKeys.signing.kid });
    } finally {
      removeDir(certDir);
    }
  });
});
