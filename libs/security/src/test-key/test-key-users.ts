import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EXIT_CODES, parsePasswordHash, type PasswordHash, StartupError, verifyPassword } from '#core';
import type { GatewaySettings, TestKeyUserSettings } from '#settings';

/** A user's password as kept in memory: its SHA-256 (plain and environment passwords) or an scrypt hash. */
type StoredPassword = { readonly kind: 'plain'; readonly digest: Buffer } | { readonly kind: 'scrypt'; readonly hash: PasswordHash };

/** Choreo Connect's default /testkey user; here for clients on this machine only (see `builtIn`). */
export const BUILT_IN_TEST_KEY_USER = { username: 'admin', password: 'admin' } as const;

/**
 * The users of `POST /testkey` (`security.testKey.users`, spec §11.5): each with exactly one of
 * `password`, `passwordEnv` (whose value the settings loader read from the environment, as for
 * `admin.users`) or `passwordHash` (the `hash-password` scrypt format). Checked at start: a
 * problem is a StartupError naming the entry. With no user configured, the built-in admin/admin
 * is the one user, and the endpoint accepts it only from a client on this machine.
 */
export class TestKeyUsers {
  private readonly users = new Map<string, StoredPassword>();
  /** No user is configured: only the built-in one exists. */
  readonly builtIn: boolean;
  /**
   * What an unknown user name is checked against: a never-matching password of the costliest
   * kind configured, so that a wrong name costs about what a wrong password does.
   */
  private readonly unknownUser: StoredPassword;

  constructor(settings: GatewaySettings) {
    const configured = settings.security.testKey.users;
    this.builtIn = configured.length === 0;
    if (this.builtIn) this.users.set(BUILT_IN_TEST_KEY_USER.username, plain(BUILT_IN_TEST_KEY_USER.password));
    configured.forEach((user, i) => {
      if (this.users.has(user.username)) {
        throw new StartupError(`security.testKey.users.${i}.username: ${user.username} is listed more than once`, EXIT_CODES.config);
      }
      this.users.set(user.username, storedPasswordOf(user, i, settings));
    });
    const scrypt = [...this.users.values()].find((stored) => stored.kind === 'scrypt');
    this.unknownUser = scrypt?.kind === 'scrypt' ? { kind: 'scrypt', hash: { ...scrypt.hash, hash: randomBytes(scrypt.hash.hash.length) } } : plain(randomBytes(32).toString('hex'));
  }

  async verify(username: string, password: string): Promise<boolean> {
    const known = this.users.get(username);
    const matches = await check(known ?? this.unknownUser, password);
    return known !== undefined && matches;
  }
}

function storedPasswordOf(user: TestKeyUserSettings, index: number, settings: GatewaySettings): StoredPassword {
  const where = `security.testKey.users.${index}`;
  const given = [user.password, user.passwordEnv, user.passwordHash].filter((value) => value !== undefined).length;
  if (given !== 1) throw new StartupError(`${where}: give exactly one of password, passwordEnv, passwordHash`, EXIT_CODES.config);
  if (user.passwordHash !== undefined) {
    try {
      return { kind: 'scrypt', hash: parsePasswordHash(user.passwordHash) };
    } catch (error) {
      throw new StartupError(`${where}.passwordHash: ${(error as Error).message}`, EXIT_CODES.config);
    }
  }
  if (user.passwordEnv !== undefined) {
    // The settings loader resolves every passwordEnv it validates into this one map (only it reads process.env).
    const value = settings.passwordsFromEnv[user.passwordEnv];
    if (value === undefined || value === '') {
      throw new StartupError(`${where}.passwordEnv: environment variable ${user.passwordEnv} is not set`, EXIT_CODES.config);
    }
    return plain(value);
  }
  return plain(user.password ?? '');
}

function plain(password: string): StoredPassword {
  return { kind: 'plain', digest: sha256(password) };
}

function check(stored: StoredPassword, password: string): Promise<boolean> {
  if (stored.kind === 'scrypt') return verifyPassword(password, stored.hash);
  // Digests are compared, so the comparison takes the same time whatever the lengths.
  return Promise.resolve(timingSafeEqual(sha256(password), stored.digest));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
