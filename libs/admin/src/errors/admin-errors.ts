/**
 * Errors of the admin API itself (authentication, request shape). Deploy problems keep their
 * own codes from #core; every admin error response has the same JSON shape.
 */
export const ADMIN_ERRORS = {
  'admin.unauthorized': 401,
  'admin.built-in-login-refused': 401,
  'admin.login-throttled': 429,
  'admin.parameter-invalid': 422,
  'admin.body-malformed': 400,
  'admin.request-rejected': 400,
  'admin.media-type-unsupported': 415,
  'admin.route-not-found': 404,
  'admin.definition-unavailable': 404,
  'admin.cluster-not-found': 404,
  'admin.connector-not-found': 404,
  'admin.key-rotation-failed': 422,
  // POST /portico/v1/soap/openapi in a gateway built without the soap connector.
  'admin.soap-not-installed': 404,
  // GET /portico/v1/traffic while metrics.enabled is false: the history is made of the metrics.
  'admin.metrics-disabled': 404,
  'admin.internal': 500,
  // Refused before the body is read (AdminRequestGate) or before a request exists (AdminListener).
  'admin.host-not-allowed': 421,
  'admin.origin-not-allowed': 403,
  'admin.body-too-large': 413,
  'admin.uploads-busy': 503,
  // The deployment store cannot take a change now (Redis unreachable), or others kept changing it.
  'admin.store-unavailable': 503,
  'admin.store-contended': 503,
  'admin.request-timeout': 408,
  'admin.headers-too-large': 431,
  // Refused event stream handshakes (GET /portico/v1/events): answered before any upgrade.
  'admin.events-type-unknown': 400,
  'admin.events-subscribers-full': 503,
} as const satisfies Record<string, number>;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export interface AdminProblem {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

/** Body of every admin API error: `problems` lists each thing wrong, when there is a list. */
export interface AdminErrorBody {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly problems?: readonly AdminProblem[];
}

export const ADMIN_REALM_HEADER = 'Basic realm="Portico admin"';

export class AdminHttpError extends Error {
  readonly status: number;
  /** Response headers that belong to this error (`Retry-After` of a 429). */
  headers: Readonly<Record<string, string>> = {};

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly problems: readonly AdminProblem[] = [],
  ) {
    super(message);
    this.name = 'AdminHttpError';
    this.status = ADMIN_ERRORS[code];
  }
}
