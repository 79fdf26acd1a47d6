import { type FailureRecord, printable } from '#core';
import type { LoginThrottleSettings } from '#settings';

export interface FailedLogin {
  readonly username: string;
  readonly clientAddress: string | undefined;
  /** `POST /api/mgw/adapter/0.1/oauth2/token`, without the query, already made printable. */
  readonly route: string;
}

/**
 * The one log line of a failed admin login: who (name escaped, so that it can neither forge nor
 * flood lines), from where, on which route, how many failures so far and the lockout it started.
 * Never the password. The throttle bounds these lines too: past `maxFailures`, a name or address
 * fails at most once per lockout, and attempts refused while locked out are counted in the next
 * line instead of logged one by one.
 */
export function failedLoginLine(login: FailedLogin, record: FailureRecord, settings: LoginThrottleSettings): string {
  const who = `user "${printable(login.username, 100)}" from ${printable(login.clientAddress ?? 'unknown', 60)}`;
  const counts = `${record.userFailures} failure(s) for this user name and ${record.addressFailures} from this address within ${duration(settings.windowMs)}`;
  let line = `Failed admin login: ${who} on ${login.route}; ${counts}`;
  if (record.lockedForMs > 0) {
    const locked = [
      record.userFailures >= settings.maxFailures ? 'the user name' : undefined,
      record.addressFailures >= settings.maxFailures ? 'the address' : undefined,
    ].filter((what) => what !== undefined);
    line += `; ${locked.join(' and ')} locked out for ${duration(record.lockedForMs)}`;
  }
  if (record.refusedWhileLocked > 0) line += `; ${record.refusedWhileLocked} attempt(s) refused with 429 since the previous failure`;
  return line;
}

function duration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.ceil(ms / 1000)} s`;
}
