import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminCredentials } from './admin-credentials.js';
import { AdminJwtGuard } from './admin-jwt.strategy.js';
import type { AdminPrincipal } from './admin-principal.js';

interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AdminPrincipal;
}

/** Admin routes accept HTTP Basic (admin users) or a Bearer token from the token endpoint (spec §4.1). */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly credentials: AdminCredentials,
    private readonly jwtGuard: AdminJwtGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const header = request.headers.authorization;
    const value = typeof header === 'string' ? header.trim() : '';
    const space = value.indexOf(' ');
    const scheme = (space < 0 ? value : value.slice(0, space)).toLowerCase();
    if (scheme === 'basic') {
      request.user = await this.basic(value.slice(space + 1).trim());
      return true;
    }
    if (scheme === 'bearer') return (await this.jwtGuard.canActivate(context)) === true;
    throw new AdminHttpError(
      'admin.unauthorized',
      value === '' ? 'admin credentials are required (HTTP Basic or a Bearer token)' : 'unsupported authorization scheme',
    );
  }

  private async basic(encoded: string): Promise<AdminPrincipal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && (await this.credentials.verify(decoded.slice(0, colon), decoded.slice(colon + 1)))) {
      return { username: decoded.slice(0, colon), via: 'basic' };
    }
    throw new AdminHttpError('admin.unauthorized', 'invalid admin username or password');
  }
}
