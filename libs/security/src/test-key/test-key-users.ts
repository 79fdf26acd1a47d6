import { EXIT_CODES, plainPassword, StartupError, type StoredPassword, storedPasswordOf, UniformPasswordChecks } from '#core';
import type { GatewaySettings } from '#settings';

/** Choreo Connect's default /testkey user; here for clients on this machine only (see `builtIn`). */
export const BUILT_IN_TEST_KEY_USER = { username: 'admin', password: 'admin' } as const;

/**
 * The users of `POST /testkey` (`security.testKey.users`, spec §11.5): each with exactly one of
 * `password`, `passwordEnv` (whose value the settings loader read from the environment, as for
 * `admin.users`) or `passwordHash` (the `hash-password` scrypt format). Checked at start: a
 * problem is a StartupError naming the entry. With no user configured, the built-in admin/admin
 * is the one user, and the endpoint accepts it only from a client on this machine. Logins run
 * the same checks whatever the name, as admin logins do, so timing tells no names apart.
 */
export class TestKeyUsers {
  /** No user is configured: only the built-in one exists. */
  readonly builtIn: boolean;
  private readonly checks: UniformPasswordChecks;

  constructor(settings: GatewaySettings) {
    const configured = settings.security.testKey.users;
    const users = new Map<string, StoredPassword[]>();
    this.builtIn = configured.length === 0;
    if (this.builtIn) users.set(BUILT_IN_TEST_KEY_USER.username, [plainPassword(BUILT_IN_TEST_KEY_USER.password)]);
    configured.forEach((user, i) => {
      if (users.has(user.username)) {
        throw new StartupError(`security.testKey.users.${i}.username: ${user.username} is listed more than once`, EXIT_CODES.config);
      }
      users.set(user.username, [storedPasswordOf(user, `security.testKey.users.${i}`, settings.passwordsFromEnv)]);
    });
    this.checks = new UniformPasswordChecks(users);
  }

  verify(username: string, password: string): Promise<boolean> {
    return this.checks.verify(username, password);
  }
}
