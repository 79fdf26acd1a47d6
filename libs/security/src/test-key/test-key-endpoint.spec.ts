import { once } from 'node:events';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { hashPassword } from '#core';
import { type GatewaySettings, TestKeyUserSettings } from '#settings';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair } from '../../../testing/src/token-kit.js';
import { settingsIn, tempDir } from '../api-key/key-test-kit.spec-support.js';
import { MAX_TEST_KEY_BODY_BYTES, TEST_KEY_TEXTS, TestKeyEndpoint } from './test-key-endpoint.js';
import { TEST_TOKEN_AUDIENCE } from './test-token-issuer.js';

const user = (fields: Partial<TestKeyUserSettings>): TestKeyUserSettings => Object.assign(new TestKeyUserSettings(), fields);
const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

function testKeySettings(dir: string, users: TestKeyUserSettings[] = [user({ username: 'admin', password: 'admin-pw' })]): GatewaySettings {
  return settingsIn(dir, (security) => {
    security.testKey.enabled = true;
    security.testKey.users = users;
  });
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

describe('POST /testkey (spec §11.5)', () => {
  let server: Server | undefined;
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn: (m: unknown) => warnings.push(String(m)) });
  });

  afterEach(async () => {
    Logger.overrideLogger(false);
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      server = undefined;
    }
  });

  /** A real node:http server whose every request goes to the endpoint's `handle`, as the data plane's dispatcher does. */
  async function serve(endpoint: TestKeyEndpoint): Promise<(headers: Record<string, string>, body?: string) => Promise<Answer>> {
    server = createServer((req, res) => endpoint.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/testkey`;
    return async (headers, body) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
      return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
    };
  }

  it('answers 200 text/plain with an RS256 token whose claims and signature verify with the public key', async () => {
    const endpoint = await TestKeyEndpoint.start(testKeySettings(tempDir()));
    const post = await serve(endpoint);
    const answer = await post({ authorization: basic('admin:admin-pw') }, 'scope=read');
    expect(answer).toMatchObject({ status: 200, contentType: 'text/plain' });
    const verified = jwt.verify(answer.text, endpoint.issuer.publicKeyPem, {
      algorithms: ['RS256'],
      issuer: 'https://localhost:9095/testkey',
      audience: TEST_TOKEN_AUDIENCE,
      complete: true,
    });
    expect(verified.header).toMatchObject({ alg: 'RS256', kid: endpoint.issuer.kid });
    const claims = verified.payload as jwt.JwtPayload;
    expect(claims).toMatchObject({ iss: 'https://localhost:9095/testkey', aud: 'http://org.wso2.apimgt/gateway', keytype: 'PRODUCTION', sub: 'admin', scope: 'read' });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(5);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const again = jwt.decode(await post({ authorization: basic('admin:admin-pw') }).then((a) => a.text)) as jwt.JwtPayload;
    expect(again.jti).not.toBe(claims.jti);
    expect(again.scope).toBe('');
  });

  it('decodes the scope as a form value: scope=read%3Apets+write%3Apets gives "read:pets write:pets"', async () => {
    const post = await serve(await TestKeyEndpoint.start(testKeySettings(tempDir())));
    const answer = await post({ authorization: basic('admin:admin-pw') }, 'grant=x&scope=read%3Apets+write%3Apets');
    expect((jwt.decode(answer.text) as jwt.JwtPayload).scope).toBe('read:pets write:pets');
  });

  it('answers 401 "User is NOT authorized to generate a token…" without a Basic Authorization header', async () => {
    const post = await serve(await TestKeyEndpoint.start(testKeySettings(tempDir())));
    const expected = { status: 401, contentType: 'text/plain', text: 'User is NOT authorized to generate a token. Please provide a valid Authorization header to continue.' };
    expect(await post({})).toEqual(expected);
    expect(await post({ authorization: 'Bearer abc.def.ghi' })).toEqual(expected);
    expect(TEST_KEY_TEXTS.noAuthorization).toBe(expected.text);
  });

  it('answers 401 "Wrong username or password…" and logs one line naming the user and client, never the password', async () => {
    const post = await serve(await TestKeyEndpoint.start(testKeySettings(tempDir())));
    const expected = { status: 401, contentType: 'text/plain', text: 'Wrong username or password. Please provide valid credentials.' };
    expect(await post({ authorization: basic('admin:wrong-secret') })).toEqual(expected);
    expect(await post({ authorization: basic('nobody:admin-pw') })).toEqual(expected);
    const lines = warnings;
    expect(lines).toEqual([
      'Failed /testkey login: user "admin" from 127.0.0.1',
      'Failed /testkey login: user "nobody" from 127.0.0.1',
    ]);
    expect(lines.join('\n')).not.toContain('wrong-secret');
  });

  it('answers 400 "Error occurred while processing the request." to an undecodable Basic value', async () => {
    const post = await serve(await TestKeyEndpoint.start(testKeySettings(tempDir())));
    const expected = { status: 400, contentType: 'text/plain', text: 'Error occurred while processing the request.' };
    for (const authorization of ['Basic !!!!', 'Basic', basic('no-colon'), `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`, 'Basic YQ== extra']) {
      expect(await post({ authorization })).toEqual(expected);
    }
  });

  it(`answers 400 to a body over ${MAX_TEST_KEY_BODY_BYTES} bytes`, async () => {
    const post = await serve(await TestKeyEndpoint.start(testKeySettings(tempDir())));
    const answer = await post({ authorization: basic('admin:admin-pw') }, `scope=${'a'.repeat(MAX_TEST_KEY_BODY_BYTES)}`);
    expect(answer).toEqual({ status: 400, contentType: 'text/plain', text: 'Error occurred while processing the request.' });
  });

  it('accepts passwordHash (scrypt) and passwordEnv users, and a password containing ":"', async () => {
    const settings = testKeySettings(tempDir(), [
      user({ username: 'hashed', passwordHash: await hashPassword('hashed-pw', { N: 1024, r: 8, p: 1 }) }),
      user({ username: 'from-env', passwordEnv: 'PORTICO_TESTKEY_PW' }),
      user({ username: 'colon', password: 'a:b' }),
    ]);
    settings.passwordsFromEnv = { PORTICO_TESTKEY_PW: 'env-pw' };
    const post = await serve(await TestKeyEndpoint.start(settings));
    for (const [credentials, sub] of [['hashed:hashed-pw', 'hashed'], ['from-env:env-pw', 'from-env'], ['colon:a:b', 'colon']]) {
      const answer = await post({ authorization: basic(credentials) });
      expect(answer.status).toBe(200);
      expect((jwt.decode(answer.text) as jwt.JwtPayload).sub).toBe(sub);
    }
    expect((await post({ authorization: basic('hashed:wrong') })).status).toBe(401);
    expect((await post({ authorization: basic('from-env:wrong') })).status).toBe(401);
  });

  it('generates the signing key once into <dataDir>/keys/test-key.key (0600) and reuses it from a second instance', async () => {
    const dir = tempDir();
    const first = await TestKeyEndpoint.start(testKeySettings(dir));
    const path = join(dir, 'data', 'keys', 'test-key.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = await TestKeyEndpoint.start(testKeySettings(dir));
    expect(second.issuer.kid).toBe(first.issuer.kid);
    const post = await serve(first);
    const token = (await post({ authorization: basic('admin:admin-pw') })).text;
    expect(() => jwt.verify(token, second.issuer.publicKeyPem, { algorithms: ['RS256'] })).not.toThrow();
  });

  it('gives two gateways starting at once on a fresh dataDir the same key', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([TestKeyEndpoint.start(testKeySettings(dir)), TestKeyEndpoint.start(testKeySettings(dir))]);
    expect(a.issuer.kid).toBe(b.issuer.kid);
    expect(readdirSync(join(dir, 'data', 'keys'))).toEqual(['test-key.key']);
  });

  it('signs with security.testKey.keyFile when set, and refuses a key that cannot sign RS256', async () => {
    const dir = tempDir();
    const pair = generateTestKeyPair('RSA');
    writeFileSync(join(dir, 'test.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'ec.key'), generateTestKeyPair('P-256').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const settings = testKeySettings(dir);
    settings.security.testKey.keyFile = 'test.key';
    const endpoint = await TestKeyEndpoint.start(settings);
    expect(endpoint.issuer.publicKeyPem).toBe(pair.publicKeyPem);
    expect(existsSync(join(dir, 'data', 'keys', 'test-key.key'))).toBe(false);
    settings.security.testKey.keyFile = 'ec.key';
    await expect(TestKeyEndpoint.start(settings)).rejects.toThrow(/^security\.testKey\.keyFile: .*ec\.key must hold an RSA key of at least 2048 bits/);
    settings.security.testKey.keyFile = 'absent.key';
    await expect(TestKeyEndpoint.start(settings)).rejects.toThrow(/^security\.testKey\.keyFile: cannot read .*absent\.key/);
  });

  it('throttles failed logins per user name and client address: 429 with Retry-After, even to the right password', async () => {
    const settings = testKeySettings(tempDir());
    Object.assign(settings.security.testKey.loginThrottle, { maxFailures: 2, lockoutMs: 60_000 });
    const endpoint = await TestKeyEndpoint.start(settings);
    const post = await serve(endpoint);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({ authorization: basic('admin:wrong') })).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(warnings).toContain('Failed /testkey login: user "admin" from 127.0.0.1; locked out for 60 s');
    const response = await fetch(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/testkey`, {
      method: 'POST',
      headers: { authorization: basic('admin:admin-pw') },
    });
    expect([response.status, response.headers.get('retry-after'), await response.text()]).toEqual([429, '60', TEST_KEY_TEXTS.throttled]);
  });

  it('with no users configured, gives tokens to the built-in admin/admin from a direct loopback client only, with a warning at start', async () => {
    const endpoint = await TestKeyEndpoint.start(testKeySettings(tempDir(), []));
    expect(warnings).toContain('No /testkey user is configured (security.testKey.users): the built-in admin/admin gets test tokens, for clients on this machine only');
    const post = await serve(endpoint);
    const direct = await post({ authorization: basic('admin:admin') });
    expect([direct.status, jwt.decode(direct.text, { json: true })?.sub]).toEqual([200, 'admin']);
    const relayed = await post({ authorization: basic('admin:admin'), 'x-forwarded-for': '203.0.113.7' });
    expect([relayed.status, relayed.text]).toEqual([401, TEST_KEY_TEXTS.wrongCredentials]);
    expect(warnings).toContain(
      'Refused the built-in /testkey login: the request came through a proxy (it carries x-forwarded-for); configure security.testKey.users',
    );
    expect((await post({ authorization: basic('admin:wrong') })).status).toBe(401);
  });

  it('fails the start naming the user entry for two password sources, an unset passwordEnv or a bad passwordHash', async () => {
    const cases: [TestKeyUserSettings, RegExp][] = [
      [user({ username: 'a', password: 'x', passwordEnv: 'Y' }), /^security\.testKey\.users\.0: give exactly one of password, passwordEnv, passwordHash$/],
      [user({ username: 'a' }), /^security\.testKey\.users\.0: give exactly one of/],
      [user({ username: 'a', passwordEnv: 'PORTICO_UNSET_PW' }), /^security\.testKey\.users\.0\.passwordEnv: environment variable PORTICO_UNSET_PW is not set$/],
      [user({ username: 'a', passwordHash: 'scrypt$1000$8$1$c2FsdA==$aGFzaA==' }), /^security\.testKey\.users\.0\.passwordHash: N must be a power of two/],
    ];
    for (const [entry, message] of cases) await expect(TestKeyEndpoint.start(testKeySettings(tempDir(), [entry]))).rejects.toThrow(message);
  });
});
