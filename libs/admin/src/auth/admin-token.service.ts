import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { GatewaySettings } from '#settings';
import { AdminTokenKey } from './admin-token-key.js';
import { CredentialsGeneration } from './credentials-generation.js';
import { parseTokenTtl } from './token-ttl.js';

export const ADMIN_TOKEN_ISSUER = 'portico-admin';
export const ADMIN_SCOPE = 'admin';

export interface AdminTokenClaims {
  readonly username: string;
  readonly sub: string;
  readonly scope: string;
  readonly iss: string;
  readonly iat: number;
  readonly exp: number;
  /** The generation of the user's credentials when the token was issued (see CredentialsGeneration). */
  readonly cred_gen: string;
}

/** Issues the RS256 access tokens of `POST /oauth2/token` (spec §4.2). */
@Injectable()
export class AdminTokenService {
  readonly ttlMs: number;

  constructor(
    private readonly key: AdminTokenKey,
    private readonly generations: CredentialsGeneration,
    settings: GatewaySettings,
  ) {
    this.ttlMs = parseTokenTtl(settings.admin.tokenTtl);
  }

  /** A token for a configured user (the caller has just verified the password). */
  issue(username: string): string {
    const generation = this.generations.of(username);
    if (generation === undefined) throw new Error(`no admin user ${username} to issue a token for`);
    // Whole seconds (verifiers compare whole seconds), rounded up so that a token lives at least
    // the configured lifetime and less than a second more; `exp - iat` is the lifetime.
    const exp = Math.ceil((Date.now() + this.ttlMs) / 1000);
    const claims: AdminTokenClaims = {
      username,
      sub: username,
      scope: ADMIN_SCOPE,
      iss: ADMIN_TOKEN_ISSUER,
      iat: exp - Math.ceil(this.ttlMs / 1000),
      exp,
      cred_gen: generation,
    };
    return jwt.sign(claims, this.key.privateKeyPem, { algorithm: 'RS256' });
  }
}
