import { Logger } from '@nestjs/common';
import { settingsIn, tempDir } from '../../test/admin-test-kit.spec-support.js';
import { AdminCredentials } from './admin-credentials.js';
import { hashPassword } from './password-hash.js';

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

  it('refuses to start with a malformed password hash, naming the user entry', () => {
    const settings = settingsIn(tempDir(), "admin:\n  users:\n    - { username: x, passwordHash: 'scrypt$12$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==' }\n");
    expect(() => new AdminCredentials(settings)).toThrow(/^admin\.users\.0\.passwordHash: N must be a power of two/);
  });
});
