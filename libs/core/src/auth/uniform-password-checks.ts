import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type PasswordHash, parsePasswordHash, verifyPassword } from '../crypto/password-hash.js';
import { EXIT_CODES, StartupError } from '../errors/startup-error.js';

/** One way a user's password may be given: its SHA-256 (plain and environment passwords) or an scrypt hash. */
export type StoredPassword = { readonly kind: 'plain'; readonly digest: Buffer } | { readonly kind: 'scrypt'; readonly hash: PasswordHash };

/** One password comparison and what it costs (`plain`, or `scrypt N r p` with its lengths). */
export interface PasswordCheck {
  readonly work: string;
  run(password: string): Promise<boolean>;
}

export function plainPassword(password: string): StoredPassword {
  return { kind: 'plain', digest: sha256(password) };
}

/** A configured user's password source (`admin.users[]`, `security.testKey.users[]`). */
export interface ConfiguredPassword {
  readonly password?: string;
  readonly passwordEnv?: string;
  readonly passwordHash?: string;
}

/**
 * The stored form of a configured user's password; `where` names the entry in errors
 * (`admin.users.0`). `passwordsFromEnv` holds what the settings loader read for `passwordEnv`.
 */
export function storedPasswordOf(user: ConfiguredPassword, where: string, passwordsFromEnv: Readonly<Record<string, string>>): StoredPassword {
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
    const value = passwordsFromEnv[user.passwordEnv];
    if (value === undefined || value === '') {
      throw new StartupError(`${where}.passwordEnv: environment variable ${user.passwordEnv} is not set`, EXIT_CODES.config);
    }
    return plainPassword(value);
  }
  return plainPassword(user.password ?? '');
}

/**
 * The checks of every user are cut to one shape: the same number of checks of each kind and
 * cost (the most any user needs), a user's own stored passwords filling their slots and
 * never-matching dummies of the same kind and parameters the rest. An unknown user name gets
 * dummies only. So every login does the same work, known name or not, plain or hashed
 * password, and the time it takes says nothing about which names exist.
 */
export class UniformPasswordChecks {
  private readonly byUser = new Map<string, readonly PasswordCheck[]>();
  readonly unknownUser: readonly PasswordCheck[];

  constructor(users: ReadonlyMap<string, readonly StoredPassword[]>) {
    const slots = new Map<string, { count: number; like: StoredPassword }>();
    for (const stored of users.values()) {
      const perShape = new Map<string, StoredPassword[]>();
      for (const password of stored) perShape.set(workOf(password), [...(perShape.get(workOf(password)) ?? []), password]);
      for (const [shape, same] of perShape) {
        const slot = slots.get(shape);
        slots.set(shape, { count: Math.max(slot?.count ?? 0, same.length), like: slot?.like ?? same[0] });
      }
    }
    const shapes = [...slots.keys()].sort();
    const shaped = (stored: readonly StoredPassword[]): PasswordCheck[] =>
      shapes.flatMap((shape) => {
        const own = stored.filter((p) => workOf(p) === shape);
        const { count, like } = slots.get(shape)!;
        return Array.from({ length: count }, (_, i) => checkOf(own[i] ?? dummyLike(like)));
      });
    for (const [username, stored] of users) this.byUser.set(username, shaped(stored));
    this.unknownUser = shaped([]);
  }

  /** The checks a login as `username` runs (each of them, whichever matches). */
  checksFor(username: string): readonly PasswordCheck[] {
    return this.byUser.get(username) ?? this.unknownUser;
  }

  /** Whether `password` is one of the user's; every check runs, even after one matched. */
  async verify(username: string, password: string): Promise<boolean> {
    let accepted = false;
    for (const check of this.checksFor(username)) if (await check.run(password)) accepted = true;
    return accepted;
  }
}

function workOf(password: StoredPassword): string {
  if (password.kind === 'plain') return 'plain';
  const { N, r, p, salt, hash } = password.hash;
  return `scrypt N=${N} r=${r} p=${p} salt=${salt.length} hash=${hash.length}`;
}

function checkOf(stored: StoredPassword): PasswordCheck {
  const work = workOf(stored);
  if (stored.kind === 'scrypt') return { work, run: (password) => verifyPassword(password, stored.hash) };
  // Digests are compared, so the comparison takes the same time whatever the lengths.
  return { work, run: async (password) => timingSafeEqual(sha256(password), stored.digest) };
}

/** Random bytes where a hash or digest would be: the same work, and no password matches. */
function dummyLike(like: StoredPassword): StoredPassword {
  if (like.kind === 'plain') return { kind: 'plain', digest: randomBytes(like.digest.length) };
  const { salt, hash } = like.hash;
  return { kind: 'scrypt', hash: { ...like.hash, salt: randomBytes(salt.length), hash: randomBytes(hash.length) } };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
