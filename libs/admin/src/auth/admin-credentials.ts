import { Inject, Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { type PasswordCheck, plainPassword, PROCESS_ROLE, type ProcessRole, type StoredPassword, storedPasswordOf, UniformPasswordChecks } from '#core';
import { GatewaySettings } from '#settings';

export const BUILT_IN_ADMIN = { username: 'admin', password: 'admin' } as const;

/**
 * The admin users: `admin.users` (password, passwordEnv or passwordHash) and the user from
 * PORTICO_ADMIN_USERNAME/PASSWORD. With neither, the built-in admin/admin is accepted (the
 * settings refuse that unless the admin listener is on loopback, and AdminLogin only from
 * loopback clients connecting directly) and a warning is logged.
 */
@Injectable()
export class AdminCredentials implements OnModuleInit {
  private readonly logger = new Logger(AdminCredentials.name);
  private readonly stored = new Map<string, StoredPassword[]>();
  private readonly checks: UniformPasswordChecks;
  readonly usesBuiltInUser: boolean;

  constructor(
    private readonly settings: GatewaySettings,
    /** A worker has no admin listener: the warning is its primary's to give. */
    @Optional() @Inject(PROCESS_ROLE) private readonly role: ProcessRole | null = null,
  ) {
    settings.admin.users.forEach((user, i) => this.add(user.username, storedPasswordOf(user, `admin.users.${i}`, settings.passwordsFromEnv)));
    if (settings.envAdminUser) this.add(settings.envAdminUser.username, plainPassword(settings.envAdminUser.password));
    this.usesBuiltInUser = this.stored.size === 0;
    if (this.usesBuiltInUser) this.add(BUILT_IN_ADMIN.username, plainPassword(BUILT_IN_ADMIN.password));
    this.checks = new UniformPasswordChecks(this.stored);
  }

  onModuleInit(): void {
    if (this.usesBuiltInUser && this.settings.admin.enabled && this.role !== 'worker') {
      this.logger.warn(
        'No admin user is configured: the built-in admin/admin is accepted from loopback clients. ' +
          'Configure admin.users or PORTICO_ADMIN_USERNAME/PORTICO_ADMIN_PASSWORD.',
      );
    }
  }

  verify(username: string, password: string): Promise<boolean> {
    return this.checks.verify(username, password);
  }

  /** What a login as `username` runs: the same for every name, configured or not. */
  checksFor(username: string): readonly PasswordCheck[] {
    return this.checks.checksFor(username);
  }

  /**
   * A text that changes whenever the user's credentials change (and never leaves the process:
   * it holds password digests and hashes); undefined for a user that is not configured.
   */
  credentialsOf(username: string): string | undefined {
    const stored = this.stored.get(username);
    if (!stored) return undefined;
    const described = stored
      .map((p) => (p.kind === 'plain' ? `plain ${p.digest.toString('hex')}` : `scrypt ${p.hash.N} ${p.hash.r} ${p.hash.p} ${p.hash.salt.toString('hex')} ${p.hash.hash.toString('hex')}`))
      .sort();
    return JSON.stringify({ builtIn: this.usesBuiltInUser, username, passwords: described });
  }

  private add(username: string, password: StoredPassword): void {
    this.stored.set(username, [...(this.stored.get(username) ?? []), password]);
  }
}
