import { IsOptional, IsString, Matches, MinLength } from 'class-validator';

/**
 * A user who logs in with a password: an admin user (`admin.users`) or a `/testkey` user
 * (`security.testKey.users`). Exactly one password source is required (checked by the loader).
 */
export class UserSettings {
  @IsString() @Matches(/^[a-zA-Z0-9_~.@-]{1,100}$/) username!: string;
  /** Plain password (prefer passwordEnv or passwordHash). */
  @IsOptional() @IsString() @MinLength(1) password?: string;
  /** Name of an environment variable holding the password. */
  @IsOptional() @IsString() @MinLength(1) passwordEnv?: string;
  /** scrypt hash from `npm run hash-password`. */
  @IsOptional() @IsString() @Matches(/^scrypt\$/) passwordHash?: string;
}

export { UserSettings as AdminUserSettings, UserSettings as TestKeyUserSettings };
