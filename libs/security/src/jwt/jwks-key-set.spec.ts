import { REQUEST_ERRORS } from '#core';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { type JwksServer, startJwksServer } from '../../../testing/src/jwks-server.js';
// eslint-disable-next-line no-restricted-imports
import { accessTokenClaims, generateTestKeyPair, signJwt, type TestKeyPair } from '../../../testing/src/token-kit.js';
import { IssuerKeyStore } from './issuer-key-store.js';
import { captureWarnings, gatewaySettings, ManualClock, PETSTORE, principalOf, refusalOf, startVerifier, type VerifierUnderTest, view } from './jwt-verifier.spec-support.js';

const ISSUER = 'https://idp.example.com/oauth2/token';
const unclassified = view(REQUEST_ERRORS.unclassifiedAuthentication);

describe('JWKS keys of an issuer', () => {
  let first: TestKeyPair;
  let second: TestKeyPair;
  let jwks: JwksServer;
  let gateway: VerifierUnderTest | undefined;

  beforeAll(() => {
    first = generateTestKeyPair('RSA', 'key-2024');
    second = generateTestKeyPair('P-256', 'key-2025');
  });
  beforeEach(async () => {
    jwks = await startJwksServer([first]);
  });
  afterEach(async () => {
    gateway?.close();
    gateway = undefined;
    await jwks.close();
  });

  const start = async (jwksSettings: Record<string, number> = {}) => {
    const settings = gatewaySettings('/', { issuers: [{ name: 'IdP', issuer: ISSUER, jwksUrl: jwks.url }], jwks: jwksSettings });
    gateway = await startVerifier(settings, new ManualClock());
    return gateway;
  };
  /** A fresh token each call (a new jti), so the verified-token cache never answers for another call. */
  let serial = 0;
  const token = (key: TestKeyPair, kid = key.kid) =>
    signJwt(accessTokenClaims({ issuer: ISSUER, nowSeconds: gateway!.clock.seconds, extra: { jti: `t-${serial++}` } }), { key, kid });

  it('fetches the key set once at start and verifies tokens by kid', async () => {
    const { verifier } = await start();
    expect(jwks.requestCount).toBe(1);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
    expect(jwks.requestCount).toBe(1);
  });

  it('rotation: a key published after start is fetched for the token naming it, without restart', async () => {
    const { verifier, clock } = await start({ minRefetchIntervalMs: 5000 });
    jwks.setKeys([first, second]);
    clock.advance(5000);
    expect(principalOf(await verifier.verify(token(second), PETSTORE)).issuer).toBe('IdP');
    expect(jwks.requestCount).toBe(2);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
  });

  it('a key dropped from the set stops working once the set is fetched again after cacheTtlMs', async () => {
    const { verifier, clock } = await start({ cacheTtlMs: 60_000 });
    jwks.setKeys([second]);
    clock.advance(60_000);
    // The stale set still answers this call while the refresh runs in the background.
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
    await jwks.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refusalOf(await verifier.verify(token(first), PETSTORE))).toEqual(unclassified);
  });

  it.each(['error', 'close', 'garbage'] as const)('a server answering %s keeps the last good keys and logs one line', async (mode) => {
    const { verifier, clock, warnings } = await start({ cacheTtlMs: 60_000, minRefetchIntervalMs: 1000 });
    jwks.setMode(mode);
    clock.advance(60_000);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
    await jwks.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^JWKS of issuer "IdP" \\(${jwks.url}\\) could not be fetched: .+; the 1 keys fetched before stay in use$`));
  });

  it('a server that does not answer within timeoutMs: the token is refused after the timeout, the keys stay', async () => {
    const { verifier, clock, warnings } = await start({ timeoutMs: 200, minRefetchIntervalMs: 0 });
    jwks.setMode('hang');
    clock.advance(1);
    const began = Date.now();
    expect(refusalOf(await verifier.verify(token(second), PETSTORE))).toEqual(unclassified);
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
    expect(warnings).toEqual([`JWKS of issuer "IdP" (${jwks.url}) could not be fetched: no answer within 200 ms; the 1 keys fetched before stay in use`]);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
  });

  it('a JWKS down at start is not fatal: logged, and fetched when the first token arrives', async () => {
    jwks.setMode('error');
    const { verifier, clock, warnings } = await start({ minRefetchIntervalMs: 1000 });
    expect(warnings).toEqual([`JWKS of issuer "IdP" (${jwks.url}) could not be fetched: HTTP 500; the 0 keys fetched before stay in use`]);
    jwks.setMode('ok');
    clock.advance(1000);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
  });

  it('a flood of unknown kids fetches at most once per minRefetchIntervalMs, concurrent ones sharing the fetch', async () => {
    const { verifier, clock } = await start({ minRefetchIntervalMs: 5000 });
    const flood = () => Promise.all(Array.from({ length: 50 }, (_, i) => verifier.verify(token(first, `forged-${serial}-${i}`), PETSTORE)));
    for (const result of await flood()) expect(refusalOf(result)).toEqual(unclassified);
    expect(jwks.requestCount).toBe(1);
    clock.advance(5000);
    for (const result of await flood()) expect(refusalOf(result)).toEqual(unclassified);
    expect(jwks.requestCount).toBe(2);
    clock.advance(4999);
    await flood();
    expect(jwks.requestCount).toBe(2);
  });

  it('entries that are not RSA or EC signing keys with a kid are skipped, and said so once', async () => {
    jwks.setKeys([first, { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' }, { ...second.jwk, use: 'enc' }, { ...second.jwk, kid: undefined }]);
    const { verifier, warnings } = await start();
    expect(warnings).toEqual([`JWKS of issuer "IdP" (${jwks.url}): 3 entries are not RSA or EC signing keys with a kid and are not used`]);
    expect(principalOf(await verifier.verify(token(first), PETSTORE)).issuer).toBe('IdP');
    expect(refusalOf(await verifier.verify(token(second), PETSTORE))).toEqual(unclassified);
  });

  it('closing the module aborts a fetch under way, without a warning', async () => {
    jwks.setMode('hang');
    const settings = gatewaySettings('/', { issuers: [{ name: 'IdP', issuer: ISSUER, jwksUrl: jwks.url }], jwks: { timeoutMs: 10_000 } });
    const store = new IssuerKeyStore(settings, new ManualClock());
    const warnings = captureWarnings(store);
    const starting = store.onModuleInit();
    await jwks.waitForRequests(1);
    const began = Date.now();
    store.onModuleDestroy();
    await starting;
    expect(Date.now() - began).toBeLessThan(1000);
    expect(warnings).toEqual([]);
  });
});
