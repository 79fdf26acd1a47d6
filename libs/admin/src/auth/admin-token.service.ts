import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { GatewaySettings } from '#settings';
import { AdminTokenKey } from './admin-token-key.js';
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
}

/** Issues the RS256 access tokens of `POST /oauth2/token` (spec §4.2). */
@Injectable()
export class AdminTokenService {
  readonly ttlMs: number;

  constructor(
    private readonly key: AdminTokenKey,
    settings: GatewaySettings,
  ) {
    this.ttlMs = parseTokenTtl(settings.admin.tokenTtl);
  }

  issue(username: string): string {
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
    };
    return jwt.sign(claims, this.key.privateKeyPem, { algorithm: 'RS256' });
  }
}
