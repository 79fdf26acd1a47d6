import { REQUEST_ERRORS } from '#core';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { type JwksServer, startJwksServer } from '../../../testing/src/jwks-server.js';
// eslint-disable-next-line no-restricted-imports
import { accessTokenClaims, generateTestKeyPair, signJwt, tamperPayload, tamperSignature, type TestKeyPair, writePublicKeyPem } from '../../../testing/src/token-kit.js';
import { gatewaySettings, PETSTORE, principalOf, refusalOf, startVerifier, tempDir, type VerifierUnderTest, view } from './jwt-verifier.spec-support.js';

const ISSUER = 'https://localhost:9443/oauth2/token';
const JWKS_ISSUER = 'https://idp.example.com/oauth2/token';

describe('verified-token cache of the JWT verifier', () => {
  const dir = tempDir();
  let key: TestKeyPair;
  let rotated: TestKeyPair;
  let jwks: JwksServer;
  let gateway: VerifierUnderTest | undefined;

  beforeAll(async () => {
    key = generateTestKeyPair('RSA');
    rotated = generateTestKeyPair('P-256', 'rotated');
    writePublicKeyPem(key, dir.path, 'issuer.pub.pem');
    jwks = await startJwksServer([]);
  });
  afterEach(() => {
    gateway?.close();
    gateway = undefined;
  });
  afterAll(async () => {
    await jwks.close();
    dir.remove();
  });

  const start = async (tokenCache: Record<string, number> = {}) => {
    const issuers = [
      { issuer: ISSUER, certificateFile: 'issuer.pub.pem' },
      { issuer: JWKS_ISSUER, jwksUrl: jwks.url },
    ];
    gateway = await startVerifier(gatewaySettings(dir.path, { issuers, tokenCache, jwks: { minRefetchIntervalMs: 0 } }));
    return gateway;
  };
  let serial = 0;
  const token = (expiresInSeconds = 3600) =>
    signJwt(accessTokenClaims({ issuer: ISSUER, nowSeconds: gateway!.clock.seconds, expiresInSeconds, extra: { jti: `c-${serial++}` } }), { key });

  it('a token seen before is answered synchronously with the same principal', async () => {
    const { verifier } = await start();
    const issued = token();
    const first = verifier.verify(issued, PETSTORE);
    expect(first).not.toBeInstanceOf(Promise);
    const again = verifier.verify(issued, PETSTORE);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(first);
  });

  // Its cost is a benchmark figure (npm run bench, mode get-jwt), not a timed assertion here.
  it('a hit is a lookup, never a verification again: every repeat is answered synchronously with the cached principal', async () => {
    const { verifier } = await start();
    const issued = token();
    const first = verifier.verify(issued, PETSTORE);
    let verifiedAgain = 0;
    for (let i = 0; i < 10_000; i++) if (verifier.verify(issued, PETSTORE) !== first) verifiedAgain++;
    expect(verifiedAgain).toBe(0);
  });

  it('a tampered copy of a cached token is refused', async () => {
    const { verifier } = await start();
    const issued = token();
    principalOf(await verifier.verify(issued, PETSTORE));
    const invalid = view(REQUEST_ERRORS.invalidCredentials);
    expect(refusalOf(await verifier.verify(tamperSignature(issued), PETSTORE))).toEqual(invalid);
    expect(refusalOf(await verifier.verify(tamperPayload(issued, { scope: 'admin', keytype: 'SANDBOX' }), PETSTORE))).toEqual(invalid);
    expect(principalOf(await verifier.verify(issued, PETSTORE)).scopes).toEqual(['default']);
  });

  it('a cached success ends when the token expires', async () => {
    const { verifier, clock } = await start();
    const issued = token(30);
    principalOf(await verifier.verify(issued, PETSTORE));
    clock.advance(29_000);
    principalOf(await verifier.verify(issued, PETSTORE));
    clock.advance(7_000);
    expect(refusalOf(await verifier.verify(issued, PETSTORE))).toEqual(view(REQUEST_ERRORS.invalidCredentials));
  });

  it('a cached success is verified again after maxAgeMs', async () => {
    const { verifier, clock } = await start({ maxAgeMs: 60_000 });
    const issued = token();
    const first = await verifier.verify(issued, PETSTORE);
    clock.advance(59_999);
    expect(verifier.verify(issued, PETSTORE)).toBe(first);
    clock.advance(1);
    const later = await verifier.verify(issued, PETSTORE);
    expect(principalOf(later).credential).toBe(issued);
    expect(later).not.toBe(first);
  });

  it('a refusal is remembered for failureTtlMs, then the token is verified again', async () => {
    const { verifier, clock } = await start({ failureTtlMs: 5000 });
    const issued = signJwt(accessTokenClaims({ issuer: JWKS_ISSUER, nowSeconds: clock.seconds }), { key: rotated });
    expect(refusalOf(await verifier.verify(issued, PETSTORE))).toEqual(view(REQUEST_ERRORS.unclassifiedAuthentication));
    const fetches = jwks.requestCount;
    jwks.setKeys([rotated]);
    clock.advance(4999);
    expect(refusalOf(await verifier.verify(issued, PETSTORE)).code).toBe('900900');
    expect(jwks.requestCount).toBe(fetches);
    clock.advance(1);
    expect(principalOf(await verifier.verify(issued, PETSTORE)).issuer).toBe('Issuer 1');
    jwks.setKeys([]);
  });

  it('holds at most maxEntries successes, dropping the least recently used', async () => {
    const { verifier } = await start({ maxEntries: 2 });
    const [a, b, c] = [token(), token(), token()];
    const first = { a: verifier.verify(a, PETSTORE), b: verifier.verify(b, PETSTORE) };
    expect(verifier.verify(a, PETSTORE)).toBe(first.a);
    const cResult = verifier.verify(c, PETSTORE);
    expect(verifier.verify(a, PETSTORE)).toBe(first.a);
    expect(verifier.verify(c, PETSTORE)).toBe(cResult);
    expect(verifier.verify(b, PETSTORE)).not.toBe(first.b);
  });

  it('refusals do not push successes out', async () => {
    const { verifier } = await start({ maxEntries: 2 });
    const good = token();
    const first = verifier.verify(good, PETSTORE);
    for (let i = 0; i < 10; i++) verifier.verify(`garbage.${i}.token`, PETSTORE);
    expect(verifier.verify(good, PETSTORE)).toBe(first);
  });

  it('maxEntries 0 turns the cache off', async () => {
    const { verifier } = await start({ maxEntries: 0 });
    const issued = token();
    const first = verifier.verify(issued, PETSTORE);
    expect(principalOf(await first).issuer).toBe('Issuer 0');
    expect(verifier.verify(issued, PETSTORE)).not.toBe(first);
  });
});
