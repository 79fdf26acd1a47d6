import { Logger } from '@nestjs/common';
import { hashPassword } from '#core';
import { type AdminHarness, basic, settingsIn, startAdmin, tempDir } from './admin-test-kit.spec-support.js';

const LIST = '/portico/v1/apis';
const TOKEN = '/api/mgw/adapter/0.1/oauth2/token';

/** Issue 14 item 5: failed logins are throttled per user name and per client address, and logged. */
describe('admin login throttling', () => {
  let admin: AdminHarness | undefined;
  let warnings: string[];

  async function start(throttle = '    maxFailures: 3\n', users = "    - { username: ops, password: ops-pw }\n"): Promise<AdminHarness> {
    admin = await startAdmin(settingsIn(tempDir(), `admin:\n  users:\n${users}  loginThrottle:\n${throttle}`));
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn: (m: unknown) => warnings.push(String(m)) });
    return admin;
  }

  beforeEach(() => {
    warnings = [];
  });

  afterEach(async () => {
    Logger.overrideLogger(false);
    await admin?.close();
    admin = undefined;
  });

  function list(harness: AdminHarness, username: string, password: string): Promise<Response> {
    return fetch(`${harness.url}${LIST}`, { headers: { authorization: basic(username, password) } });
  }

  function token(harness: AdminHarness, username: string, password: string): Promise<Response> {
    return fetch(`${harness.url}${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }

  it('answers 429 with Retry-After after maxFailures failures for a user name, even to the right password', async () => {
    const harness = await start('    maxFailures: 3\n    lockoutMs: 60000\n');
    for (const guess of ['a', 'b', 'c']) {
      const res = await list(harness, 'ops', `wrong-${guess}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'admin.unauthorized' });
    }
    const locked = await list(harness, 'ops', 'ops-pw');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(locked.headers.get('www-authenticate')).toBeNull();
    expect(await locked.json()).toEqual({
      status: 429,
      code: 'admin.login-throttled',
      message: 'too many failed admin logins for this user name; try again in 60 s',
    });
  });

  it('counts Basic logins on every route and the token endpoint in one table', async () => {
    const harness = await start();
    expect((await list(harness, 'ops', 'x')).status).toBe(401);
    expect((await token(harness, 'ops', 'y')).status).toBe(401);
    expect((await fetch(`${harness.url}/api/mgw/adapter/0.1/apis`, { headers: { authorization: basic('ops', 'z') } })).status).toBe(401);
    const res = await token(harness, 'ops', 'ops-pw');
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ code: 'admin.login-throttled' });
  });

  it('locks out a client address that rotates user names', async () => {
    const harness = await start('    maxFailures: 3\n    lockoutMs: 120000\n');
    for (const name of ['alice', 'bob', 'carol']) expect((await list(harness, name, 'guess')).status).toBe(401);
    const res = await list(harness, 'dave', 'guess');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(((await res.json()) as { message: string }).message).toMatch(/for this client address/);
  });

  it('checks at most maxFailures passwords of a burst of concurrent guesses; the rest get 429 unchecked', async () => {
    const hash = await hashPassword('ops-pw', { N: 4096, r: 8, p: 1 });
    const harness = await start('    maxFailures: 3\n', `    - { username: ops, passwordHash: '${hash}' }\n`);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => list(harness, 'ops', `guess-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });

  it('forgets the failures of a user name and address at a successful login', async () => {
    const harness = await start();
    for (let round = 0; round < 3; round++) {
      expect((await list(harness, 'ops', 'typo')).status).toBe(401);
      expect((await list(harness, 'ops', 'typo')).status).toBe(401);
      expect((await list(harness, 'ops', 'ops-pw')).status).toBe(200);
    }
  });

  it('logs one line per failure: the user name escaped, the client address and the route, never the password', async () => {
    const harness = await start('    maxFailures: 2\n    lockoutMs: 60000\n');
    expect((await list(harness, 'ev\nil\u001b[31m', 'Secret-Guess-1')).status).toBe(401);
    expect((await token(harness, 'ops', 'SecretGuess2')).status).toBe(401);
    expect((await list(harness, 'ops', 'Secret-Guess-3')).status).toBe(429);
    expect(warnings).toEqual([
      'Failed admin login: user "ev\\nil\\u001b[31m" from 127.0.0.1 on GET /portico/v1/apis; 1 failure(s) for this user name and 1 from this address within 15 min',
      'Failed admin login: user "ops" from 127.0.0.1 on POST /api/mgw/adapter/0.1/oauth2/token; 1 failure(s) for this user name and 2 from this address within 15 min; the address locked out for 1 min',
    ]);
    expect(warnings.join('\n')).not.toMatch(/Secret/);
  });

  it('refuses settings that would not make sense, naming the key', () => {
    const dir = tempDir();
    expect(() => settingsIn(dir, 'admin:\n  loginThrottle:\n    maxFailures: 0\n')).toThrow(/admin\.loginThrottle\.maxFailures/);
    expect(() => settingsIn(dir, 'admin:\n  loginThrottle:\n    lockoutMs: 1800000\n')).toThrow(
      'admin.loginThrottle.maxLockoutMs: must not be smaller than lockoutMs (got 900000)',
    );
    expect(() => settingsIn(dir, 'admin:\n  loginThrottle:\n    maxEntries: 10\n')).toThrow(/admin\.loginThrottle\.maxEntries/);
    expect(() => settingsIn(dir, 'admin:\n  loginThrottle:\n    windowMs: soon\n')).toThrow(/admin\.loginThrottle\.windowMs/);
  });
});
