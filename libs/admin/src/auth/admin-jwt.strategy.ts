import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AdminHttpError } from '../errors/admin-errors.js';
import type { AdminPrincipal } from './admin-principal.js';
import { AdminTokenKey } from './admin-token-key.js';
import { ADMIN_SCOPE, ADMIN_TOKEN_ISSUER, type AdminTokenClaims } from './admin-token.service.js';

export const ADMIN_JWT_STRATEGY = 'portico-admin-jwt';

/** Verifies admin Bearer tokens: RS256, our issuer, not expired, scope `admin`. */
@Injectable()
export class AdminJwtStrategy extends PassportStrategy(Strategy, ADMIN_JWT_STRATEGY) {
  constructor(key: AdminTokenKey) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: key.publicKeyPem,
      algorithms: ['RS256'],
      issuer: ADMIN_TOKEN_ISSUER,
    });
  }

  validate(claims: Partial<AdminTokenClaims>): AdminPrincipal | false {
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes(ADMIN_SCOPE) || typeof claims.username !== 'string') return false;
    return { username: claims.username, via: 'token' };
  }
}

/** Runs the strategy above; every failure becomes the admin 401. */
@Injectable()
export class AdminJwtGuard extends AuthGuard(ADMIN_JWT_STRATEGY) {
  override handleRequest<TUser = AdminPrincipal>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error || !user) {
      const reason = info instanceof Error ? info.message : 'the token does not grant the admin scope';
      throw new AdminHttpError('admin.unauthorized', `invalid admin token: ${reason}`);
    }
    return user;
  }
}
