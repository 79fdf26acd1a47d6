import { type Admission, LoginThrottle, type LoginThrottleLimits, type LoginTicket } from './login-throttle.js';

/** The defaults of the settings lib's LoginThrottleSettings. */
function settings(over: Partial<LoginThrottleLimits> = {}): LoginThrottleLimits {
  return { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 60_000, maxLockoutMs: 15 * 60_000, maxEntries: 10_000, ...over };
}

/** A throttle on a clock the test moves by hand. */
function throttleAt(over: Partial<LoginThrottleLimits> = {}): { throttle: LoginThrottle; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { throttle: new LoginThrottle(settings(over), () => clock.now), clock };
}

function ticketOf(admission: Admission): LoginTicket {
  if (!admission.admitted) throw new Error(`refused: ${JSON.stringify(admission)}`);
  return admission.ticket;
}

function fail(throttle: LoginThrottle, user: string, address: string) {
  return throttle.failed(ticketOf(throttle.admit(user, address)));
}

describe('LoginThrottle', () => {
  it('allows maxFailures failures, then locks the user name out for lockoutMs', () => {
    const { throttle, clock } = throttleAt({ maxFailures: 3, lockoutMs: 60_000 });
    expect(fail(throttle, 'ops', '10.0.0.1')).toMatchObject({ userFailures: 1, lockedForMs: 0 });
    expect(fail(throttle, 'ops', '10.0.0.2')).toMatchObject({ userFailures: 2, lockedForMs: 0 });
    expect(fail(throttle, 'ops', '10.0.0.3')).toMatchObject({ userFailures: 3, addressFailures: 1, lockedForMs: 60_000 });

    // Locked out whatever the address, before any password is checked.
    expect(throttle.admit('ops', '10.0.0.9')).toEqual({ admitted: false, kind: 'user name', retryAfterMs: 60_000, lockedOut: true });
    clock.now += 59_999;
    expect(throttle.admit('ops', '10.0.0.9')).toMatchObject({ admitted: false, retryAfterMs: 1 });
    clock.now += 1;
    expect(throttle.admit('ops', '10.0.0.9').admitted).toBe(true);
  });

  it('locks a client address out after maxFailures failures, whatever user names it tries', () => {
    const { throttle } = throttleAt({ maxFailures: 3 });
    for (const user of ['a', 'b', 'c']) fail(throttle, user, '10.0.0.1');
    expect(throttle.admit('d', '10.0.0.1')).toMatchObject({ admitted: false, kind: 'client address', lockedOut: true });
    expect(throttle.admit('d', '10.0.0.2').admitted).toBe(true);
  });

  it('doubles the lockout with every further failure, up to maxLockoutMs', () => {
    const { throttle, clock } = throttleAt({ maxFailures: 2, lockoutMs: 1000, maxLockoutMs: 5000, windowMs: 60_000 });
    const lockouts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const record = fail(throttle, 'ops', '10.0.0.1');
      lockouts.push(record.lockedForMs);
      clock.now += record.lockedForMs;
    }
    expect(lockouts).toEqual([0, 1000, 2000, 4000, 5000, 5000]);
  });

  it('forgets failures windowMs after the last failure or lockout', () => {
    const { throttle, clock } = throttleAt({ maxFailures: 3, lockoutMs: 1000, windowMs: 10_000 });
    fail(throttle, 'ops', '10.0.0.1');
    fail(throttle, 'ops', '10.0.0.1');
    clock.now += 10_001;
    expect(fail(throttle, 'ops', '10.0.0.1')).toMatchObject({ userFailures: 1, addressFailures: 1 });
    expect(throttle.size).toBe(2);
  });

  it('forgets the failures of the user name and the address at a successful login', () => {
    const { throttle } = throttleAt({ maxFailures: 3 });
    fail(throttle, 'ops', '10.0.0.1');
    fail(throttle, 'ops', '10.0.0.1');
    throttle.succeeded(ticketOf(throttle.admit('ops', '10.0.0.1')));
    expect(throttle.size).toBe(0);
    expect(fail(throttle, 'ops', '10.0.0.1')).toMatchObject({ userFailures: 1, addressFailures: 1, lockedForMs: 0 });
  });

  it('lets at most the failures left run at once, so a burst of guesses cannot all be checked before the first fails', () => {
    const { throttle } = throttleAt({ maxFailures: 5 });
    const burst = Array.from({ length: 50 }, () => throttle.admit('ops', '10.0.0.1'));
    expect(burst.filter((a) => a.admitted)).toHaveLength(5);
    expect(burst.find((a) => !a.admitted)).toEqual({ admitted: false, kind: 'user name', retryAfterMs: 1000, lockedOut: false });
    for (const admission of burst) if (admission.admitted) throttle.failed(admission.ticket);
    expect(throttle.admit('ops', '10.0.0.2')).toMatchObject({ admitted: false, lockedOut: true });
  });

  it('counts attempts refused while locked out and reports them with the next failure', () => {
    const { throttle, clock } = throttleAt({ maxFailures: 1, lockoutMs: 1000 });
    fail(throttle, 'ops', '10.0.0.1');
    for (let i = 0; i < 7; i++) expect(throttle.admit('ops', '10.0.0.1').admitted).toBe(false);
    clock.now += 1000;
    // Each refusal is counted once, on the key that refused it.
    expect(fail(throttle, 'ops', '10.0.0.1').refusedWhileLocked).toBe(7);
  });

  it('keeps at most maxEntries names and addresses, forgetting the least recently failed first', () => {
    const { throttle } = throttleAt({ maxFailures: 3, maxEntries: 100 });
    fail(throttle, 'ops', '10.0.0.1');
    fail(throttle, 'ops', '10.0.0.1');
    for (let i = 0; i < 1000; i++) fail(throttle, `guess-${i}`, `10.1.${i >> 8}.${i & 255}`);
    expect(throttle.size).toBe(100);
    // ops and 10.0.0.1 were evicted: their count starts again.
    expect(fail(throttle, 'ops', '10.0.0.1')).toMatchObject({ userFailures: 1, addressFailures: 1 });
  });

  it('keeps an entry that keeps failing while names rotate around it', () => {
    const { throttle } = throttleAt({ maxFailures: 1000, maxEntries: 100 });
    for (let i = 0; i < 500; i++) fail(throttle, `guess-${i}`, '10.0.0.1');
    expect(throttle.size).toBe(100);
    expect(fail(throttle, 'another', '10.0.0.1').addressFailures).toBe(501);
  });

  it('keys a long user name by its digest, so an entry stays small whatever is sent', () => {
    const { throttle } = throttleAt({ maxFailures: 2 });
    const long = 'x'.repeat(100_000);
    fail(throttle, long, '10.0.0.1');
    expect(fail(throttle, long, '10.0.0.2').userFailures).toBe(2);
    expect(fail(throttle, `${long}y`, '10.0.0.3').userFailures).toBe(1);
  });
});
