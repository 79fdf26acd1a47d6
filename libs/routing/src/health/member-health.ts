import type { MemberState } from '#core';
import type { MemberHealthStatus } from './endpoint-health.js';

/**
 * What one cluster member's health is made of: the active checker's verdict, a passive ejection,
 * and what the admin view shows. Times are epoch milliseconds, read only on health events.
 */
export class MemberHealth {
  /** Failed `unhealthyThreshold` probes in a row, and has not passed `healthyThreshold` since. */
  unhealthy = false;
  ejected = false;
  /** When the member entered its state; undefined while healthy since the cluster started. */
  since: number | undefined;
  ejectedUntil: number | undefined;
  ejectionTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ejections so far; cleared when the member stayed in for maxEjectionTimeMs. */
  ejections = 0;
  lastEjectionEnd: number | undefined;
  lastError: string | undefined;
  lastErrorAt: number | undefined;
  passedProbes = 0;
  failedProbes = 0;

  get available(): boolean {
    return !this.ejected && !this.unhealthy;
  }

  get state(): MemberState {
    if (this.ejected) return 'ejected';
    return this.unhealthy ? 'unhealthy' : 'healthy';
  }

  noteError(error: string, at: number): void {
    this.lastError = error;
    this.lastErrorAt = at;
  }

  /** Ends an ejection (by its timer, a passing probe or a reset). */
  readmit(at: number): void {
    if (this.ejectionTimer !== undefined) clearTimeout(this.ejectionTimer);
    this.ejectionTimer = undefined;
    this.ejected = false;
    this.ejectedUntil = undefined;
    this.lastEjectionEnd = at;
  }

  status(): MemberHealthStatus {
    return {
      state: this.state,
      ...(this.since === undefined ? {} : { since: new Date(this.since).toISOString() }),
      ...(this.ejectedUntil === undefined ? {} : { ejectedUntil: new Date(this.ejectedUntil).toISOString() }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.lastErrorAt === undefined ? {} : { lastErrorAt: new Date(this.lastErrorAt).toISOString() }),
      ejections: this.ejections,
    };
  }
}
