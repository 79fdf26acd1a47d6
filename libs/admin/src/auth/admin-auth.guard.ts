import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { sessionTokenOf } from '../ui/session-cookie.js';
import { AdminJwtVerifier } from './admin-jwt-verifier.js';
import { AdminLogin, type LoginRequest } from './admin-login.js';
import type { AdminPrincipal } from './admin-principal.js';

interface AdminRequest extends LoginRequest {
  user?: AdminPrincipal;
}

/**
 * Admin routes accept HTTP Basic (admin users) or a Bearer token from the token endpoint (spec §4.1),
 * and, without an `Authorization` header, the dashboard's session cookie, verified as that token.
 * A cookie goes along with any request the browser sends to this origin, so another site's page
 * must not be able to send one: SameSite=Strict keeps browsers from attaching it to cross-site
 * requests, and BrowserRequestPolicy (AdminRequestGate, EventsHandshake) refuses requests a
 * browser marks as cross-origin (`Origin`, `Sec-Fetch-Site`) before this guard runs.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly login: AdminLogin,
    private readonly tokens: AdminJwtVerifier,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const header = request.headers.authorization;
    const session = header === undefined ? sessionTokenOf(request.headers) : undefined;
    const value = session !== undefined ? `Bearer ${session}` : typeof header === 'string' ? header.trim() : '';
    const space = value.indexOf(' ');
    const scheme = (space < 0 ? value : value.slice(0, space)).toLowerCase();
    if (scheme === 'basic') {
      // A header without `user:` is a failed login like any other: counted, logged, throttled.
      const decoded = Buffer.from(value.slice(space + 1).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const [username, password] = colon < 0 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
      request.user = { username: await this.login.authenticate(request, username, password), via: 'basic' };
      return true;
    }
    if (scheme === 'bearer') {
      const bearer = session === undefined ? request : { headers: { authorization: value } };
      request.user = await this.tokens.verify(bearer).catch((error: unknown) => {
        // A refused token is a failed login too (who it claimed to be is not believed).
        const client = request.raw?.socket?.remoteAddress ?? 'unknown';
        const code = error instanceof AdminHttpError ? error.code : undefined;
        this.audit.record({ action: 'login', actor: undefined, client, outcome: 'failure', status: 401, code, detail: error instanceof Error ? error.message : undefined });
        throw error;
      });
      return true;
    }
    throw new AdminHttpError(
      'admin.unauthorized',
      value === '' ? 'admin credentials are required (HTTP Basic or a Bearer token)' : 'unsupported authorization scheme',
    );
  }
}
