import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AdminUserSettings, GatewaySettings } from '#settings';
import { parsePasswordHash, verifyPassword } from './password-hash.js';

type PasswordCheck = (password: string) => Promise<boolean>;

export const BUILT_IN_ADMIN = { username: 'admin', password: 'admin' } as const;

/**
 * The admin users: `admin.users` (password, passwordEnv or passwordHash) and the user from
 * PORTICO_ADMIN_USERNAME/PASSWORD. With neither, the built-in admin/admin is accepted (the
 * settings refuse that unless the admin listener is on loopback) and a warning is logged.
 */
@Injectable()
export class AdminCredentials implements OnModuleInit {
  private readonly logger = new Logger(AdminCredentials.name);
  private readonly checks = new Map<string, PasswordCheck[]>();
  readonly usesBuiltInUser: boolean;

  constructor(private readonly settings: GatewaySettings) {
    settings.admin.users.forEach((user, i) => this.add(user.username, checkFor(user, i, settings)));
    if (settings.envAdminUser) this.add(settings.envAdminUser.username, plainCheck(settings.envAdminUser.password));
    this.usesBuiltInUser = this.checks.size === 0;
    if (this.usesBuiltInUser) this.add(BUILT_IN_ADMIN.username, plainCheck(BUILT_IN_ADMIN.password));
  }

  onModuleInit(): void {
    if (this.usesBuiltInUser && this.settings.admin.enabled) {
      this.logger.warn(
        'No admin user is configured: the built-in admin/admin is accepted. ' +
          'Configure admin.users or PORTICO_ADMIN_USERNAME/PORTICO_ADMIN_PASSWORD.',
      );
    }
  }

  async verify(username: string, password: string): Promise<boolean> {
    const checks = this.checks.get(username);
    if (!checks) {
      // Compare anyway, so an unknown name is not answered faster than a wrong plain password.
      await UNKNOWN_USER_CHECK(password);
      return false;
    }
    for (const check of checks) if (await check(password)) return true;
    return false;
  }

  private add(username: string, check: PasswordCheck): void {
    this.checks.set(username, [...(this.checks.get(username) ?? []), check]);
  }
}

function checkFor(user: AdminUserSettings, index: number, settings: GatewaySettings): PasswordCheck {
  if (user.passwordHash !== undefined) {
    let parsed;
    try {
      parsed = parsePasswordHash(user.passwordHash);
    } catch (error) {
      throw new Error(`admin.users.${index}.passwordHash: ${(error as Error).message}`, { cause: error });
    }
    return (password) => verifyPassword(password, parsed);
  }
  if (user.passwordEnv !== undefined) {
    const value = settings.adminPasswordsFromEnv[user.passwordEnv];
    if (value === undefined) throw new Error(`admin.users.${index}.passwordEnv: environment variable ${user.passwordEnv} is not set`);
    return plainCheck(value);
  }
  if (user.password !== undefined) return plainCheck(user.password);
  throw new Error(`admin.users.${index}: no password given`);
}

/** Compares digests, so the comparison takes the same time whatever the lengths. */
function plainCheck(expected: string): PasswordCheck {
  const expectedDigest = digest(expected);
  return async (password) => timingSafeEqual(digest(password), expectedDigest);
}

const UNKNOWN_USER_CHECK = plainCheck('');

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
