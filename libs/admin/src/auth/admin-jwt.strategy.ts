import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AdminHttpError } from '../errors/admin-errors.js';
import type { AdminPrincipal } from './admin-principal.js';
import { AdminTokenKey } from './admin-token-key.js';
import { ADMIN_SCOPE, ADMIN_TOKEN_ISSUER, type AdminTokenClaims } from './admin-token.service.js';
import { CredentialsGeneration } from './credentials-generation.js';
import { MAX_TOKEN_TTL_MS } from './token-ttl.js';

export const ADMIN_JWT_STRATEGY = 'portico-admin-jwt';

/** Leeway for a token whose `exp` lies further ahead than the longest lifetime (clock steps, rounding). */
const EXPIRY_LEEWAY_S = 60;

/**
 * Verifies admin Bearer tokens: RS256, our issuer, an `exp` that has not passed and lies at most
 * 24h ahead, scope `admin`, and the user's current credentials generation (so a restart with
 * the user's password changed, or the user removed, revokes the tokens issued before).
 */
@Injectable()
export class AdminJwtStrategy extends PassportStrategy(Strategy, ADMIN_JWT_STRATEGY) {
  constructor(
    key: AdminTokenKey,
    private readonly generations: CredentialsGeneration,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: key.publicKeyPem,
      algorithms: ['RS256'],
      issuer: ADMIN_TOKEN_ISSUER,
    });
  }

  validate(claims: Partial<AdminTokenClaims>): AdminPrincipal {
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number') throw tokenError('it has no expiry (exp)');
    if (claims.exp > Date.now() / 1000 + MAX_TOKEN_TTL_MS / 1000 + EXPIRY_LEEWAY_S) throw tokenError('it expires more than 24h ahead');
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes(ADMIN_SCOPE) || typeof claims.username !== 'string') throw tokenError('the token does not grant the admin scope');
    const generation = this.generations.of(claims.username);
    if (generation === undefined || claims.cred_gen !== generation) {
      throw tokenError("it was issued before the user's admin credentials changed, or for a user no longer configured");
    }
    return { username: claims.username, via: 'token' };
  }
}

function tokenError(reason: string): AdminHttpError {
  return new AdminHttpError('admin.unauthorized', `invalid admin token: ${reason}`);
}

/** Runs the strategy above; every failure becomes the admin 401. */
@Injectable()
export class AdminJwtGuard extends AuthGuard(ADMIN_JWT_STRATEGY) {
  override handleRequest<TUser = AdminPrincipal>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error instanceof AdminHttpError) throw error;
    if (error || !user) {
      const reason = info instanceof Error ? info.message : 'the token was refused';
      throw tokenError(reason);
    }
    return user;
  }
}
