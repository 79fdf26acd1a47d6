import { Logger } from '@nestjs/common';
import { settingsIn, tempDir } from '../../test/admin-test-kit.spec-support.js';
import { AdminCredentials } from './admin-credentials.js';
import { hashPassword } from '#core';

describe('AdminCredentials', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('accepts users with a plain password, a password from the environment and a scrypt hash', async () => {
    const hash = await hashPassword('hashed-pw', { N: 1024, r: 8, p: 1 });
    const settings = settingsIn(
      tempDir(),
      'admin:\n  users:\n' +
        '    - { username: plain, password: plain-pw }\n' +
        '    - { username: fromenv, passwordEnv: OPS_PASSWORD }\n' +
        `    - { username: hashed, passwordHash: '${hash}' }\n`,
      { OPS_PASSWORD: 'env-pw' },
    );
    const credentials = new AdminCredentials(settings);
    expect(await credentials.verify('plain', 'plain-pw')).toBe(true);
    expect(await credentials.verify('fromenv', 'env-pw')).toBe(true);
    expect(await credentials.verify('hashed', 'hashed-pw')).toBe(true);
    expect(await credentials.verify('plain', 'env-pw')).toBe(false);
    expect(await credentials.verify('hashed', 'hashed-pW')).toBe(false);
    expect(await credentials.verify('nobody', 'plain-pw')).toBe(false);
    expect(await credentials.verify('admin', 'admin')).toBe(false);
    expect(credentials.usesBuiltInUser).toBe(false);
  });

  it('accepts the PORTICO_ADMIN_USERNAME/PASSWORD user, and then not the built-in one', async () => {
    const settings = settingsIn(tempDir(), '', { PORTICO_ADMIN_USERNAME: 'ops', PORTICO_ADMIN_PASSWORD: 'ops-pw' });
    const credentials = new AdminCredentials(settings);
    expect(await credentials.verify('ops', 'ops-pw')).toBe(true);
    expect(await credentials.verify('admin', 'admin')).toBe(false);
  });

  it('accepts the built-in admin/admin only when no user is configured, and warns once at start', async () => {
    const warnings: string[] = [];
    Logger.overrideLogger({ log() {}, error() {}, warn: (m: unknown) => warnings.push(String(m)), debug() {}, verbose() {} });
    try {
      const credentials = new AdminCredentials(settingsIn(tempDir()));
      credentials.onModuleInit();
      expect(credentials.usesBuiltInUser).toBe(true);
      expect(await credentials.verify('admin', 'admin')).toBe(true);
      expect(await credentials.verify('admin', 'other')).toBe(false);
      expect(warnings).toEqual([expect.stringContaining('built-in admin/admin')]);
    } finally {
      Logger.overrideLogger(false);
    }
  });

  it('makes every login do the same work: an unknown name, a plain password and a hash each run one scrypt of the same parameters and one comparison', async () => {
    const hash = await hashPassword('hashed-pw', { N: 1024, r: 8, p: 1 });
    const settings = settingsIn(
      tempDir(),
      `admin:\n  users:\n    - { username: plain, password: plain-pw }\n    - { username: hashed, passwordHash: '${hash}' }\n`,
      { PORTICO_ADMIN_USERNAME: 'ops', PORTICO_ADMIN_PASSWORD: 'ops-pw' },
    );
    const credentials = new AdminCredentials(settings);
    const work = (username: string) => credentials.checksFor(username).map((check) => check.work);
    const expected = ['plain', 'scrypt N=1024 r=8 p=1 salt=16 hash=32'];
    for (const username of ['plain', 'hashed', 'ops', 'nobody', '']) expect([username, work(username)]).toEqual([username, expected]);
    // The unknown name's scrypt runs against a dummy hash that no password matches, configured ones included.
    for (const password of ['hashed-pw', 'plain-pw', 'ops-pw', '']) {
      expect(await Promise.all(credentials.checksFor('nobody').map((check) => check.run(password)))).toEqual([false, false]);
    }
    expect(await credentials.verify('plain', 'plain-pw')).toBe(true);
    expect(await credentials.verify('hashed', 'hashed-pw')).toBe(true);
    expect(await credentials.verify('ops', 'ops-pw')).toBe(true);
  });

  it('gives every name as many checks of each kind as the user with the most, so a user with two passwords is not told apart', async () => {
    const [a, b] = [await hashPassword('a', { N: 1024, r: 8, p: 1 }), await hashPassword('b', { N: 2048, r: 8, p: 1 })];
    const settings = settingsIn(
      tempDir(),
      `admin:\n  users:\n    - { username: ops, passwordHash: '${a}' }\n    - { username: ops, passwordHash: '${b}' }\n    - { username: dev, password: x }\n`,
    );
    const credentials = new AdminCredentials(settings);
    const work = (username: string) => credentials.checksFor(username).map((check) => check.work);
    const expected = ['plain', 'scrypt N=1024 r=8 p=1 salt=16 hash=32', 'scrypt N=2048 r=8 p=1 salt=16 hash=32'];
    expect(work('ops')).toEqual(expected);
    expect(work('dev')).toEqual(expected);
    expect(work('nobody')).toEqual(expected);
    expect(await credentials.verify('ops', 'a')).toBe(true);
    expect(await credentials.verify('ops', 'b')).toBe(true);
    expect(await credentials.verify('dev', 'x')).toBe(true);
    expect(await credentials.verify('dev', 'a')).toBe(false);
  });

  it('describes a user\'s credentials so that any change, and only a change, shows', async () => {
    const credentialsIn = (yaml: string, env: Record<string, string> = {}) => (username: string) =>
      new AdminCredentials(settingsIn(tempDir(), yaml, env)).credentialsOf(username);
    const users = (ops: string) => `admin:\n  users:\n    - { username: ops, ${ops} }\n    - { username: dev, password: d }\n`;
    const before = credentialsIn(users('password: one'));
    expect(before('ops')).toBe(credentialsIn(users('password: one'))('ops'));
    expect(before('ops')).toBe(credentialsIn(users('passwordEnv: OPS_PW'), { OPS_PW: 'one' })('ops'));
    expect(before('ops')).not.toBe(credentialsIn(users('password: two'))('ops'));
    expect(before('dev')).toBe(credentialsIn(users('password: two'))('dev'));
    expect(before('ops')).not.toContain('one');
    expect(before('nobody')).toBeUndefined();
    // The built-in user is another user than a configured admin with the same password.
    expect(credentialsIn('')('admin')).not.toBe(credentialsIn('admin:\n  users:\n    - { username: admin, password: admin }\n')('admin'));
  });

  it('refuses to start with a malformed password hash, naming the user entry', () => {
    const settings = settingsIn(tempDir(), "admin:\n  users:\n    - { username: x, passwordHash: 'scrypt$12$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==' }\n");
    expect(() => new AdminCredentials(settings)).toThrow(/^admin\.users\.0\.passwordHash: N must be a power of two/);
  });
});
