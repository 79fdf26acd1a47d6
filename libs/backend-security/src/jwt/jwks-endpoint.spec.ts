import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { BackendJwtIssuer } from './backend-jwt-issuer.js';
import { BackendJwtKeys } from './backend-jwt-keys.js';
import { removeDir, settingsIn, tempDir, TestClock, verifiedWithJwks } from './backend-jwt.spec-support.js';
import { JWKS_PATH, JWKS_RATE_LIMITED_BODY, JwksEndpoint } from './jwks-endpoint.js';

describe('GET /.wellknown/jwks (spec §13.5)', () => {
  let dir: string;
  let server: Server | undefined;

  beforeEach(() => {
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn() {} });
    dir = tempDir();
  });

  afterEach(async () => {
    Logger.overrideLogger(false);
    removeDir(dir);
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      server = undefined;
    }
  });

  /** A real node:http server whose every request goes to the endpoint's `handle`, as the data plane's dispatcher does. */
  async function serve(endpoint: JwksEndpoint): Promise<string> {
    server = createServer((req, res) => endpoint.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${JWKS_PATH}`;
  }

  it('answers 200 application/json with the keys a backend verifies the backend JWT with', async () => {
    const clock = new TestClock();
    const settings = settingsIn(dir);
    const keys = await BackendJwtKeys.load(settings, clock.now);
    const endpoint = new JwksEndpoint(keys, settings.backendJwt.jwksRateLimit);
    expect([endpoint.method, endpoint.path]).toEqual(['GET', '/.wellknown/jwks']);
    const url = await serve(endpoint);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const body = Buffer.from(await response.arrayBuffer());
    expect(JSON.parse(body.toString('utf8'))).toEqual({ keys: [expect.objectContaining({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: keys.signing.kid })] });

    const principal = { scheme: 'jwt' as const, keyType: 'PRODUCTION', subject: 'alice', scopes: [], claims: { sub: 'alice' }, credential: 't' };
    const token = new BackendJwtIssuer({ name: 'Pets', version: '1', basePath: '/pets/1' }, { ...settings.backendJwt, header: 'X-JWT-Assertion' }, keys).tokenFor(principal)!;
    expect(verifiedWithJwks(token, body)['http://wso2.org/claims/enduser']).toBe('alice');
  });

  it('answers 429 with retry-after once the quota is used up (quota 5 per 300 s, 10 rapid calls), and again after the refill', async () => {
    const clock = new TestClock();
    const settings = settingsIn(dir, (jwt) => (jwt.jwksRateLimit = { quota: 5, windowSeconds: 300 }));
    const url = await serve(new JwksEndpoint(await BackendJwtKeys.load(settings, clock.now), settings.backendJwt.jwksRateLimit));

    const answers = [];
    for (let call = 0; call < 10; call++) {
      const response = await fetch(url);
      answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() });
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    // Refilled continuously: one request per 300 s / 5.
    expect(answers[5].retryAfter).toBe('60');
    expect(JSON.parse(answers[5].body)).toEqual(JWKS_RATE_LIMITED_BODY);

    clock.advance(60);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url)).status).toBe(429);
  });
});
