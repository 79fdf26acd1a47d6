import { Injectable } from '@nestjs/common';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AdminHttpError } from '../errors/admin-errors.js';
import type { AdminPrincipal } from './admin-principal.js';
import { AdminTokenKey } from './admin-token-key.js';
import { ADMIN_SCOPE, ADMIN_TOKEN_ISSUER, type AdminTokenClaims } from './admin-token.service.js';
import { CredentialsGeneration } from './credentials-generation.js';
import { MAX_TOKEN_TTL_MS } from './token-ttl.js';

/** Leeway for a token whose `exp` lies further ahead than the longest lifetime (clock steps, rounding). */
const EXPIRY_LEEWAY_S = 60;

/** The passport callbacks a run sets on its own object (passport-jwt calls them on `this`). */
interface StrategyRun {
  authenticate(request: unknown): void;
  success(user: unknown): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
}

/**
 * Verifies admin Bearer tokens with passport-jwt: RS256, our issuer, an `exp` that has not passed
 * and lies at most 24h ahead, scope `admin`, and the user's current credentials generation (so a
 * restart with the user's password changed, or the user removed, revokes the tokens issued
 * before). The strategy belongs to this instance and runs per request on an object of its own:
 * nothing is registered with passport, so two gateways in one process never share keys.
 */
@Injectable()
export class AdminJwtVerifier {
  private readonly strategy: Strategy;

  constructor(
    key: AdminTokenKey,
    private readonly generations: CredentialsGeneration,
  ) {
    this.strategy = new Strategy(
      { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: key.publicKeyPem, algorithms: ['RS256'], issuer: ADMIN_TOKEN_ISSUER },
      (claims: Partial<AdminTokenClaims>, done: (error: unknown, user?: AdminPrincipal) => void) => {
        try {
          done(null, this.principalOf(claims));
        } catch (error) {
          done(error);
        }
      },
    );
  }

  /** The principal of the request's Bearer token; rejects with the admin 401 saying why. */
  verify(request: { readonly headers: Readonly<Record<string, unknown>> }): Promise<AdminPrincipal> {
    return new Promise((resolve, reject) => {
      const run = Object.create(this.strategy) as StrategyRun;
      run.success = (user) => resolve(user as AdminPrincipal);
      run.fail = (info) => reject(tokenError(info instanceof Error ? info.message : 'the token was refused'));
      run.error = (error) => reject(error instanceof AdminHttpError ? error : tokenError('the token could not be verified'));
      run.authenticate(request);
    });
  }

  private principalOf(claims: Partial<AdminTokenClaims>): AdminPrincipal {
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
