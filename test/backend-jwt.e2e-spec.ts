import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accessTokenClaims,
  type CallResult,
  GatewayProcess,
  generateTestKeyPair,
  signJwt,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
  writeTestConfig,
} from '#testing';
import { fetchJwks, JWKS_PATH, receivedHeader, receivedToken, tokenHeader, verifiedClaims } from './support/backend-jwt-verification.js';
import { deployDefinition, securedDefinition } from './support/secured-api.js';
import type { AdminErrorBody } from './support/admin-api.js';

/**
 * The backend JWT (spec §13, issue 17) through real gateways: what the backend receives for each
 * kind of caller, verified with the gateway's JWKS by jsonwebtoken as a backend would; the
 * gateway-wide switch and the per-API `x-portico-backend-jwt`; ES256 keys from files; the JWKS
 * rate limit; key rotation without and across a restart; and configurations that are refused.
 */

const ISSUER = 'https://km.test/oauth2/token';
const D = 'http://wso2.org/claims/';
const APPLICATION = { id: 7, uuid: 'app-uuid-7', name: 'ShopApp', tier: 'Unlimited', owner: 'alice' };

/** `promise`, or `fallback` after `ms`; the timer does not outlive the race. */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('backend JWT (spec §13)', () => {
  let dir: string;
  let oauth: TestKeyPair;
  let apiKeySigner: TestKeyPair;
  let publisher: TestKeyPair;
  let security: Record<string, unknown>;
  let backend: TestBackend;
  const gateways: TestGateway[] = [];

  let seq = 0;
  const nowS = () => Math.floor(Date.now() / 1000);
  const accessToken = (extra: Record<string, unknown> = {}): string =>
    signJwt(accessTokenClaims({ issuer: ISSUER, extra: { jti: `jti-${++seq}`, aud: 'shop-audience', ...extra } }), { key: oauth });
  const apiKey = (): string =>
    signJwt(
      {
        sub: 'bob@carbon.super',
        application: { ...APPLICATION, name: 'KeyApp' },
        keytype: 'PRODUCTION',
        token_type: 'apiKey',
        iat: nowS(),
        jti: `key-${++seq}`,
        subscribedAPIs: [{ name: 'Keyed', version: '1.0.0', context: '/keyed', publisher: 'admin', subscriptionTier: 'Gold' }],
      },
      { key: apiKeySigner },
    );
  const internalKey = (context: string): string =>
    signJwt({ sub: 'admin', token_type: 'InternalKey', keytype: 'PRODUCTION', iat: nowS(), exp: nowS() + 600, subscribedAPIs: [{ context, version: '1.0.0', name: 'Inside' }] }, { key: publisher });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const started = async (settings: Record<string, unknown>, gatewayDir?: string): Promise<TestGateway> => {
    const gw = await startTestGateway({ settings: { security, ...settings }, ...(gatewayDir === undefined ? {} : { dir: gatewayDir }) });
    gateways.push(gw);
    return gw;
  };
  const shop = (title: string, basePath: string, extra: Record<string, unknown> = {}) =>
    securedDefinition({ title, basePath, backendUrl: backend.url, paths: { '/pets': { get: {} }, '/open': { get: { 'x-wso2-disable-security': true } } }, extra });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-backend-jwt-e2e-'));
    [oauth, apiKeySigner, publisher] = [generateTestKeyPair('RSA'), generateTestKeyPair('RSA'), generateTestKeyPair('RSA')];
    security = {
      issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile: await writeCertificatePem(oauth, dir) }],
      apiKey: { certificateFile: await writeCertificatePem(apiKeySigner, dir) },
      internalKey: { certificateFile: await writeCertificatePem(publisher, dir) },
    };
    backend = await startBackend();
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.destroy().catch(() => undefined);
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('enabled gateway-wide (backendJwt.enabled: true)', () => {
    let gw: TestGateway;
    const get = (path: string, headers: Record<string, string> = {}): Promise<CallResult> => gw.request(path, { headers });

    beforeAll(async () => {
      gw = await started({ backendJwt: { enabled: true } });
      await deployDefinition(gw, shop('Shop', '/shop'));
      const keyScheme = { components: { securitySchemes: { headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } }, security: [{ headerKey: [] }] };
      await deployDefinition(gw, securedDefinition({ title: 'Keyed', basePath: '/keyed', backendUrl: backend.url, extra: keyScheme }));
      await deployDefinition(gw, securedDefinition({ title: 'Inside', basePath: '/inside', backendUrl: backend.url }));
      await deployDefinition(gw, shop('Unsigned', '/unsigned', { 'x-portico-backend-jwt': false }));
    });

    it('a JWT caller: X-JWT-Assertion verifies with the JWKS key of its kid and carries the §13.3 claims', async () => {
      const callerToken = accessToken({ sub: 'alice@carbon.super', application: APPLICATION, department: 'sales', keytype: 'PRODUCTION' });
      const token = receivedToken(await get('/shop/pets', bearer(callerToken)));
      const jwks = await fetchJwks(gw);
      expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: tokenHeader(token).kid, e: 'AQAB' })]);
      expect(tokenHeader(token)).toEqual(expect.objectContaining({ typ: 'JWT', alg: 'RS256' }));
      const claims = verifiedClaims(token, jwks, 'RS256');
      expect(claims).toEqual(
        expect.objectContaining({
          iss: 'wso2.org/products/am',
          jti: expect.any(String),
          [`${D}enduser`]: 'alice@carbon.super',
          [`${D}apiname`]: 'Shop',
          [`${D}apicontext`]: '/shop',
          [`${D}version`]: '1.0.0',
          [`${D}keytype`]: 'PRODUCTION',
          [`${D}usertype`]: 'Application_User',
          [`${D}enduserTenantId`]: '0',
          [`${D}subscriber`]: 'alice',
          [`${D}applicationid`]: 'app-uuid-7',
          [`${D}applicationname`]: 'ShopApp',
          [`${D}applicationtier`]: 'Unlimited',
          [`${D}applicationUUId`]: 'app-uuid-7',
          department: 'sales',
          azp: 'test-client-id',
          scope: 'default',
          keytype: 'PRODUCTION',
        }),
      );
      expect(claims.exp! - claims.iat!).toBe(3600);
      expect(Math.abs(claims.iat! - nowS())).toBeLessThanOrEqual(5);
      for (const notCopied of ['sub', 'aud', 'application', 'nbf']) expect(claims).not.toHaveProperty([notCopied]);
      expect(claims.jti).not.toBe(`jti-${seq}`);
    });

    it('the same caller token twice gets the identical backend JWT; another caller token a different one', async () => {
      const callerToken = accessToken();
      const first = receivedToken(await get('/shop/pets', bearer(callerToken)));
      expect(receivedToken(await get('/shop/pets', bearer(callerToken)))).toBe(first);
      expect(receivedToken(await get('/shop/pets', bearer(accessToken())))).not.toBe(first);
    });

    it('an API-key caller gets one, with the subscription tier and application of the key', async () => {
      const claims = verifiedClaims(receivedToken(await get('/keyed/pets', { 'x-api-key': apiKey() })), await fetchJwks(gw), 'RS256');
      expect(claims).toEqual(
        expect.objectContaining({ [`${D}enduser`]: 'bob@carbon.super', [`${D}apiname`]: 'Keyed', [`${D}tier`]: 'Gold', [`${D}applicationname`]: 'KeyApp', token_type: 'apiKey' }),
      );
    });

    it('an internal-key caller gets one', async () => {
      const claims = verifiedClaims(receivedToken(await get('/inside/pets', { 'Internal-Key': internalKey('/inside') })), await fetchJwks(gw), 'RS256');
      expect(claims).toEqual(expect.objectContaining({ [`${D}enduser`]: 'admin', [`${D}apicontext`]: '/inside', token_type: 'InternalKey' }));
    });

    it('a security-disabled resource gets none, and a client-sent X-JWT-Assertion is removed there', async () => {
      expect(receivedHeader(await get('/shop/open'))).toBeUndefined();
      expect(receivedHeader(await get('/shop/open', { 'x-jwt-assertion': 'forged.by.client' }))).toBeUndefined();
      // Even with a valid credential: the resource verified nobody, so there is nobody to describe.
      expect(receivedHeader(await get('/shop/open', { ...bearer(accessToken()), 'x-jwt-assertion': 'forged.by.client' }))).toBeUndefined();
    });

    it('on a secured resource a client-sent X-JWT-Assertion is replaced by the gateway’s token', async () => {
      const token = receivedToken(await get('/shop/pets', { ...bearer(accessToken()), 'X-JWT-Assertion': 'forged.by.client' }));
      expect(token).not.toContain('forged');
      expect(verifiedClaims(token, await fetchJwks(gw), 'RS256')[`${D}apiname`]).toBe('Shop');
    });

    it('x-portico-backend-jwt: false turns it off for that API only', async () => {
      expect(receivedHeader(await get('/unsigned/pets', bearer(accessToken())))).toBeUndefined();
      expect(receivedHeader(await get('/shop/pets', bearer(accessToken())))).toEqual(expect.any(String));
    });

    it('x-portico-backend-jwt {header: "bad header"} refuses the deploy with 422 backend-jwt.invalid', async () => {
      const res = await gw.admin('/portico/v1/apis', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: shop('BadHeader', '/bad-header', { 'x-portico-backend-jwt': { header: 'bad header' } }),
      });
      expect(res.status).toBe(422);
      expect(res.json<AdminErrorBody>().problems).toEqual([expect.objectContaining({ code: 'backend-jwt.invalid', message: expect.stringContaining('bad header') })]);
      expect((await get('/bad-header/pets', bearer(accessToken()))).status).toBe(404);
    });
  });

  describe('disabled gateway-wide (the default)', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await started({});
      await deployDefinition(gw, shop('Plain', '/plain'));
    });

    it('adds no header, passes a client’s X-JWT-Assertion unchanged (as Choreo Connect), and /.wellknown/jwks is 404', async () => {
      expect(receivedHeader(await gw.request('/plain/pets', { headers: bearer(accessToken()) }))).toBeUndefined();
      const clientValue = 'the.client.value';
      expect(receivedHeader(await gw.request('/plain/pets', { headers: { ...bearer(accessToken()), 'X-JWT-Assertion': clientValue } }))).toBe(clientValue);
      expect((await gw.request(JWKS_PATH)).status).toBe(404);
    });

    it('an API with {enabled: true, header: X-End-User, tokenTtlSeconds: 600} gets it in X-End-User, 600 s, and the JWKS is served', async () => {
      await deployDefinition(gw, shop('EndUser', '/end-user', { 'x-portico-backend-jwt': { enabled: true, header: 'X-End-User', tokenTtlSeconds: 600 } }));
      const res = await gw.request('/end-user/pets', { headers: bearer(accessToken({ sub: 'carol' })) });
      expect(receivedHeader(res)).toBeUndefined();
      const claims = verifiedClaims(receivedToken(res, 'X-End-User'), await fetchJwks(gw), 'RS256');
      expect([claims[`${D}enduser`], claims.exp! - claims.iat!]).toEqual(['carol', 600]);
      // The other API keeps the gateway's setting.
      expect(receivedHeader(await gw.request('/plain/pets', { headers: bearer(accessToken()) }), 'x-end-user')).toBeUndefined();
    });
  });

  it('ES256 with a configured P-256 key file: the token verifies with the JWKS EC key', async () => {
    const pair = generateTestKeyPair('P-256');
    const keyFile = join(dir, 'backend-jwt-p256.key');
    writeFileSync(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const gw = await started({ backendJwt: { enabled: true, signingAlgorithm: 'ES256', keys: [{ keyFile }] } });
    await deployDefinition(gw, shop('Elliptic', '/elliptic'));
    const token = receivedToken(await gw.request('/elliptic/pets', { headers: bearer(accessToken({ sub: 'dave' })) }));
    const jwks = await fetchJwks(gw);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', x: pair.jwk.x, y: pair.jwk.y })]);
    expect(tokenHeader(token)).toEqual(expect.objectContaining({ alg: 'ES256', kid: jwks.keys[0]?.kid }));
    expect(verifiedClaims(token, jwks, 'ES256')[`${D}enduser`]).toBe('dave');
  });

  it('the JWKS rate limit (quota 5 per 300 s): 10 rapid calls see a 429 with retry-after', async () => {
    const gw = await started({ backendJwt: { enabled: true, jwksRateLimit: { quota: 5, windowSeconds: 300 } } });
    const answers: CallResult[] = [];
    for (let i = 0; i < 10; i++) answers.push(await gw.request(JWKS_PATH));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    const limited = answers[9]!;
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(limited.json<{ code: string }>().code).toBe('103429');
  });

  it('rotation: a new kid signs at once, both are published, cached tokens are not reused, and a restart keeps the new key', async () => {
    const gatewayDir = mkdtempSync(join(tmpdir(), 'portico-backend-jwt-rotation-'));
    let gw = await started({ backendJwt: { enabled: true } }, gatewayDir);
    await deployDefinition(gw, shop('Rotating', '/rotating'));
    const callerToken = accessToken();
    const before = receivedToken(await gw.request('/rotating/pets', { headers: bearer(callerToken) }));
    const oldKid = tokenHeader(before).kid as string;

    const rotation = await gw.admin('/portico/v1/backend-jwt/rotate', { method: 'POST' });
    expect(rotation.status).toBe(200);
    const newKid = rotation.json<{ kid: string }>().kid;
    expect(newKid).toEqual(expect.any(String));
    expect(newKid).not.toBe(oldKid);
    const jwks = await fetchJwks(gw);
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([oldKid, newKid].sort());

    const after = receivedToken(await gw.request('/rotating/pets', { headers: bearer(callerToken) }));
    expect(after).not.toBe(before);
    expect(tokenHeader(after).kid).toBe(newKid);
    verifiedClaims(after, jwks, 'RS256');
    verifiedClaims(before, jwks, 'RS256'); // the retired key still verifies what it signed

    await gw.close();
    gateways.splice(gateways.indexOf(gw), 1);
    gw = await started({ backendJwt: { enabled: true } }, gatewayDir);
    const restarted = receivedToken(await gw.request('/rotating/pets', { headers: bearer(accessToken()) }));
    expect(tokenHeader(restarted).kid).toBe(newKid);
    const kidsAfterRestart = (await fetchJwks(gw)).keys.map((key) => key.kid);
    expect(kidsAfterRestart[0]).toBe(newKid);
    expect(kidsAfterRestart).toContain(oldKid);
  });

  it('backendJwt.keys naming a file that is not PEM: startGateway rejects, naming the file (in process)', async () => {
    const keyFile = join(dir, 'also-not-a-key.pem');
    writeFileSync(keyFile, 'this is not a PEM key\n');
    // Inside the suite's directory, removed in afterAll: providers that started next to the failing one
    // (the admin token key) may still write into the data dir after startGateway rejected.
    const failDir = mkdtempSync(join(dir, 'bad-key-'));
    const start = startTestGateway({ dir: failDir, settings: { backendJwt: { enabled: true, keys: [{ keyFile }] } } });
    await expect(start).rejects.toThrow(`backendJwt.keys[0].keyFile ${keyFile} is not a PEM private key`);
  });

  it('backendJwt.keys naming a file that is not PEM: the gateway does not start, and the error names the file (child process)', async () => {
    const failDir = mkdtempSync(join(tmpdir(), 'portico-backend-jwt-bad-key-'));
    try {
      const keyFile = join(failDir, 'not-a-key.pem');
      writeFileSync(keyFile, 'this is not a PEM key\n');
      // Absolute: relative setting paths resolve against the directory the gateway starts in, not the config file's.
      const config = writeTestConfig(failDir, { backendJwt: { enabled: true, keys: [{ keyFile }] } });
      const gateway = GatewayProcess.run({ args: ['--config', config] });
      const exited = await within(gateway.exited, 20_000, 'still running after 20 s');
      if (exited.startsWith('still')) await gateway.kill('SIGKILL');
      expect(exited).toBe('exit 78');
      const last = gateway.log.trim().split('\n').at(-1);
      const expected = `backendJwt.keys[0].keyFile ${keyFile} is not a PEM private key`;
      expect(last?.slice(0, expected.length)).toBe(expected);
      expect(gateway.log).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
      // One line for one failure: not also Nest's copy of it, on the other stream.
      expect(gateway.log).not.toContain('ExceptionHandler');
    } finally {
      rmSync(failDir, { recursive: true, force: true });
    }
  });
});
