import type { KeyObject } from 'node:crypto';
import type { Strategy } from 'passport-jwt';
import type { IssuerProfile } from './issuer-profile.js';
import { createIssuerStrategy, type KeyChoice, KeyUnavailable, type TokenRequest } from './issuer-strategy.js';
import type { JwksKeySet } from './jwks-key-set.js';

const HMAC_TOKEN = new KeyUnavailable('HS* tokens are not accepted: issuers sign with RSA or EC keys');
const UNKNOWN_KID = new KeyUnavailable('the kid is not in the issuer JWKS');
const NO_KID = new KeyUnavailable('the token has no kid and the issuer has only a JWKS');

/**
 * One issuer the gateway trusts: how its tokens are read (profile), the keys that verify them
 * (certificate and/or JWKS) and its passport-jwt strategy, built once.
 */
export class TrustedIssuer {
  readonly strategy: Strategy;

  constructor(
    readonly profile: IssuerProfile,
    private readonly certificateKey: KeyObject | undefined,
    readonly jwks: JwksKeySet | undefined,
    clockSkewSeconds: number,
  ) {
    this.strategy = createIssuerStrategy(profile.issuer, (request) => this.keyFor(request), clockSkewSeconds);
  }

  /**
   * Spec §11.2 step 5: a token with a `kid` at an issuer with a JWKS takes that key (fetching
   * the set again, within limits, when the kid is unknown); otherwise the certificate.
   */
  keyFor(request: TokenRequest): KeyChoice | Promise<KeyChoice> {
    if (request.alg.startsWith('HS')) return HMAC_TOKEN;
    const { jwks } = this;
    if (request.kid !== undefined && jwks) {
      const kid = request.kid;
      const known = jwks.keyFor(kid);
      if (known) return known;
      return jwks.refreshForUnknownKid().then(() => jwks.keyFor(kid) ?? UNKNOWN_KID);
    }
    return this.certificateKey ?? NO_KID;
  }

  dispose(): void {
    this.jwks?.dispose();
  }
}
