import { createHash } from 'node:crypto';

/** The throttle's bounds (the settings lib's LoginThrottleSettings has this shape). */
export interface LoginThrottleLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  readonly maxLockoutMs: number;
  readonly maxEntries: number;
}

/** What the table remembers of one user name or client address. */
interface Entry {
  readonly key: string;
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** Password checks running now: a burst of guesses must not all pass before the first fails. */
  pending: number;
  /** Attempts answered 429 since the last failure was reported. */
  refused: number;
}

export type ThrottledKind = 'user name' | 'client address';

export type Admission =
  | { readonly admitted: true; readonly ticket: LoginTicket }
  | { readonly admitted: false; readonly kind: ThrottledKind; readonly retryAfterMs: number; readonly lockedOut: boolean };

/** An admitted attempt; its outcome must be reported once, with `succeeded` or `failed`. */
export interface LoginTicket {
  readonly user: Entry;
  readonly address: Entry;
}

export interface FailureRecord {
  readonly userFailures: number;
  readonly addressFailures: number;
  /** The lockout this failure started (0: none). */
  readonly lockedForMs: number;
  readonly refusedWhileLocked: number;
}

/** Retry-After of an attempt refused because enough checks for its name or address are already running. */
const BUSY_RETRY_MS = 1000;
/** Longer user names are keyed by their digest, so an entry's size is bounded whatever is sent. */
const LONGEST_NAME_KEY = 128;

/**
 * Failed admin logins per user name and per client address. An attempt is admitted unless one
 * of its two keys is locked out or already has as many checks running as it has failures left;
 * after `maxFailures` failures every failure locks its keys out, for twice as long each time.
 * The table is bounded: past `maxEntries` the least recently touched entry is forgotten, so
 * rotating names or addresses costs memory only up to the bound.
 */
export class LoginThrottle {
  private readonly table = new Map<string, Entry>();

  constructor(
    private readonly settings: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.table.size;
  }

  admit(username: string, addressKey: string): Admission {
    const now = this.now();
    const keys = [userKey(username), `address ${addressKey}`] as const;
    const kinds: readonly ThrottledKind[] = ['user name', 'client address'];
    const found = keys.map((key) => this.find(key, now));
    for (const [i, entry] of found.entries()) {
      if (entry && entry.lockedUntil > now) {
        entry.refused++;
        return { admitted: false, kind: kinds[i], retryAfterMs: entry.lockedUntil - now, lockedOut: true };
      }
    }
    for (const [i, entry] of found.entries()) {
      if (entry && entry.pending >= this.allowance(entry)) {
        entry.refused++;
        return { admitted: false, kind: kinds[i], retryAfterMs: BUSY_RETRY_MS, lockedOut: false };
      }
    }
    const [user, address] = keys.map((key) => this.obtain(key, now));
    user.pending++;
    address.pending++;
    return { admitted: true, ticket: { user, address } };
  }

  /** A successful login forgets the failures of its user name and of its address. */
  succeeded(ticket: LoginTicket): void {
    for (const entry of [ticket.user, ticket.address]) {
      entry.pending--;
      entry.failures = 0;
      entry.lockedUntil = 0;
      if (entry.pending === 0 && this.table.get(entry.key) === entry) this.table.delete(entry.key);
    }
  }

  failed(ticket: LoginTicket): FailureRecord {
    const now = this.now();
    let lockedForMs = 0;
    let refusedWhileLocked = 0;
    for (const entry of [ticket.user, ticket.address]) {
      entry.pending--;
      entry.failures++;
      entry.lastFailureAt = now;
      refusedWhileLocked += entry.refused;
      entry.refused = 0;
      const lockout = this.lockoutAfter(entry.failures);
      if (lockout > 0 && now + lockout > entry.lockedUntil) entry.lockedUntil = now + lockout;
      lockedForMs = Math.max(lockedForMs, lockout);
      this.touch(entry);
    }
    return { userFailures: ticket.user.failures, addressFailures: ticket.address.failures, lockedForMs, refusedWhileLocked };
  }

  private lockoutAfter(failures: number): number {
    const { maxFailures, lockoutMs, maxLockoutMs } = this.settings;
    if (failures < maxFailures) return 0;
    return Math.min(lockoutMs * 2 ** Math.min(failures - maxFailures, 40), maxLockoutMs);
  }

  /** Checks that may run at once for a key: its failures left, and one at a time once they are used up. */
  private allowance(entry: Entry): number {
    return Math.max(1, this.settings.maxFailures - entry.failures);
  }

  private find(key: string, now: number): Entry | undefined {
    const entry = this.table.get(key);
    if (entry && entry.pending === 0 && now - Math.max(entry.lastFailureAt, entry.lockedUntil) > this.settings.windowMs) {
      this.table.delete(key);
      return undefined;
    }
    return entry;
  }

  private obtain(key: string, now: number): Entry {
    const entry = this.find(key, now) ?? { key, failures: 0, lastFailureAt: 0, lockedUntil: 0, pending: 0, refused: 0 };
    this.touch(entry);
    return entry;
  }

  /** Moves the entry to the young end of the table (Map keeps insertion order), evicting the oldest past the bound. */
  private touch(entry: Entry): void {
    if (this.table.get(entry.key) !== entry && this.table.has(entry.key)) return;
    this.table.delete(entry.key);
    this.table.set(entry.key, entry);
    for (const oldest of this.table.keys()) {
      if (this.table.size <= this.settings.maxEntries) break;
      this.table.delete(oldest);
    }
  }
}

function userKey(username: string): string {
  if (username.length <= LONGEST_NAME_KEY) return `user ${username}`;
  return `user#${createHash('sha256').update(username, 'utf8').digest('base64url')}`;
}
