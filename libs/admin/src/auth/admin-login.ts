import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type Admission,
  AUDIT_TRAIL,
  type AuditEvent,
  type AuditTrail,
  builtInLoginRefusal,
  LoginThrottle,
  printable,
  ThrottledLog,
  throttleAddressKey,
} from '#core';
import { GatewaySettings } from '#settings';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminCredentials } from './admin-credentials.js';
import { failedLoginLine } from './failed-login-line.js';

/** What a login needs of the request (Fastify's request, or anything shaped like it). */
export interface LoginRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method?: string;
  readonly url?: string;
  /** The TCP connection: its peer is the client address (no forwarding header is believed). */
  readonly raw?: { readonly socket?: { readonly remoteAddress?: string } };
}

/**
 * Every password login of the admin API, HTTP Basic on any route and the token endpoint alike:
 * the built-in login's origin check, then the throttle, then the password check, then one log
 * line for a failure.
 */
@Injectable()
export class AdminLogin implements OnModuleDestroy {
  private readonly logger = new Logger('AdminAuth');
  private readonly throttle: LoginThrottle;
  /** A refused built-in login points at a relay to the admin port: worth a line, not one per request. */
  private readonly refusals = new ThrottledLog((line) => this.logger.warn(line));

  constructor(
    private readonly credentials: AdminCredentials,
    private readonly settings: GatewaySettings,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {
    this.throttle = new LoginThrottle(settings.admin.loginThrottle);
  }

  /**
   * The user name once its password is verified; else throws the 401 or 429 to answer. Every
   * attempt is an audit event: `token` for the token endpoint, `login` for HTTP Basic.
   */
  async authenticate(request: LoginRequest, username: string, password: string, action: 'login' | 'token' = 'login'): Promise<string> {
    const clientAddress = request.raw?.socket?.remoteAddress;
    const attempt = { action, actor: username, client: clientAddress ?? 'unknown' };
    if (this.credentials.usesBuiltInUser) {
      // Not a guess (everyone knows admin/admin), so not counted: relayed clients must not lock out the local developer.
      const refusal = builtInLoginRefusal(clientAddress, request.headers);
      if (refusal !== undefined) {
        this.refusals.note('built-in-login-refused', `Refused the built-in admin login: ${refusal}; on ${routeOf(request)}`);
        const error = new AdminHttpError(
          'admin.built-in-login-refused',
          `the built-in admin login is accepted only from a loopback client connecting directly, and ${refusal}; ` +
            'configure admin.users (or PORTICO_ADMIN_USERNAME and PORTICO_ADMIN_PASSWORD) to log in from elsewhere',
        );
        throw this.audited(attempt, error, refusal);
      }
    }
    const admission = this.throttle.admit(username, throttleAddressKey(clientAddress));
    if (!admission.admitted) throw this.audited(attempt, throttled(admission));
    let accepted = false;
    try {
      accepted = await this.credentials.verify(username, password);
    } finally {
      if (accepted) {
        this.throttle.succeeded(admission.ticket);
      } else {
        const record = this.throttle.failed(admission.ticket);
        this.logger.warn(failedLoginLine({ username, clientAddress, route: routeOf(request) }, record, this.settings.admin.loginThrottle));
      }
    }
    if (!accepted) throw this.audited(attempt, new AdminHttpError('admin.unauthorized', 'invalid admin username or password'));
    this.audit.record({ ...attempt, outcome: 'success', status: 200 });
    return username;
  }

  /** Records the refused or failed attempt `error` answers; returns the error to throw. */
  private audited(attempt: Pick<AuditEvent, 'action' | 'actor' | 'client'>, error: AdminHttpError, detail?: string): AdminHttpError {
    // A wrong password is a failed login; a throttled or built-in login refused was not even checked.
    const outcome = error.code === 'admin.unauthorized' ? 'failure' : 'refused';
    this.audit.record({ ...attempt, outcome, status: error.status, code: error.code, detail });
    return error;
  }

  onModuleDestroy(): void {
    this.refusals.close();
  }
}

/** `POST /portico/v1/apis`: the query is left out (it is not needed to tell routes apart, and may be long). */
function routeOf(request: LoginRequest): string {
  return printable(`${request.method ?? '?'} ${(request.url ?? '').split('?')[0]}`, 200);
}

function throttled(admission: Extract<Admission, { admitted: false }>): AdminHttpError {
  const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
  const message = admission.lockedOut
    ? `too many failed admin logins for this ${admission.kind}; try again in ${seconds} s`
    : `too many admin logins for this ${admission.kind} are being checked at once; try again in ${seconds} s`;
  const error = new AdminHttpError('admin.login-throttled', message);
  error.headers = { 'Retry-After': String(seconds) };
  return error;
}
