/** What an admin did: `login` (HTTP Basic on any route), `token` (the token endpoint), `deploy`, `undeploy`. */
export type AuditAction = 'login' | 'token' | 'deploy' | 'undeploy' | (string & {});

/**
 * `success`: done. `failure`: tried and failed (a wrong password, a definition with problems).
 * `refused`: not even tried (no or wrong credentials for a change, a throttled login, a
 * refused origin or host).
 */
export type AuditOutcome = 'success' | 'failure' | 'refused';

export interface AuditEvent {
  readonly action: AuditAction;
  /** The admin user, or the name tried at a login; undefined when no name was given. */
  readonly actor: string | undefined;
  /** The client's address (the TCP peer: no forwarding header is believed). */
  readonly client: string;
  /** The API, `name:version`, when known. */
  readonly target?: string;
  readonly outcome: AuditOutcome;
  /** The HTTP status answered (200 for an accepted login). */
  readonly status: number;
  /** The admin problem code of a failure or refusal, e.g. `admin.unauthorized`, `deploy.api-exists`. */
  readonly code?: string;
  readonly detail?: string;
}

/** The admin audit log: provided under AUDIT_TRAIL by the observability lib. */
export interface AuditTrail {
  record(event: AuditEvent): void;
}

export const AUDIT_TRAIL = Symbol('portico.AuditTrail');

/**
 * The outcome an answered status means for an admin change: success below 400; refused for
 * the statuses that keep a request from being considered at all (credentials, origin, host,
 * throttling, no upload slot); failure for the rest.
 */
export function outcomeOfStatus(status: number): AuditOutcome {
  if (status < 400) return 'success';
  return REFUSALS.has(status) ? 'refused' : 'failure';
}

const REFUSALS: ReadonlySet<number> = new Set([401, 403, 421, 429, 503]);
