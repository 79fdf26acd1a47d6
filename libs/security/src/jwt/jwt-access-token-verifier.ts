import { Injectable } from '@nestjs/common';
import { type AuthFailure, type AuthResult, REQUEST_ERRORS } from '#core';
import { GatewaySettings } from '#settings';
import { AccessTokenVerifier, type ApiIdentity } from '../credential-verifiers.js';
import { accessTokenPrincipal } from './access-token-principal.js';
import { subscriptionFailure } from './api-subscription.js';
import { decodeJwt } from './decoded-jwt.js';
import { IssuerKeyStore } from './issuer-key-store.js';
import { runIssuerStrategy, type StrategyOutcome } from './issuer-strategy.js';
import type { TrustedIssuer } from './trusted-issuer.js';
import { VerificationClock } from './verification-clock.js';
import { CredentialCache } from '../credential-cache.js';
import type { VerifiedToken } from './verified-token.js';

const NOT_A_JWT: AuthFailure = { failure: REQUEST_ERRORS.notAJwt };
const INVALID: AuthFailure = { failure: REQUEST_ERRORS.invalidCredentials };

/**
 * OAuth2 JWT access tokens (spec §11.2 steps 2–8 and 10): decode, trusted issuer, signature and
 * lifetime through the issuer's passport-jwt strategy, then claims and subscription. Outcomes are
 * cached by the whole token, so the usual call (a token seen before) answers synchronously with a
 * map lookup; the subscription, which depends on the API, is checked on every call.
 */
@Injectable()
export class JwtAccessTokenVerifier extends AccessTokenVerifier {
  private readonly cache: CredentialCache<VerifiedToken>;

  constructor(
    settings: GatewaySettings,
    private readonly issuers: IssuerKeyStore,
    private readonly clock: VerificationClock,
  ) {
    super();
    this.cache = new CredentialCache(settings.security.tokenCache);
  }

  verify(token: string, api: ApiIdentity): AuthResult | Promise<AuthResult> {
    const now = this.clock.now();
    const cached = this.cache.get(token, now);
    if (cached !== undefined) return 'principal' in cached ? this.admit(cached, api) : cached;
    const decoded = decodeJwt(token);
    if (!decoded) return this.refuse(token, NOT_A_JWT, now);
    const iss = decoded.payload.iss;
    const issuer = typeof iss === 'string' ? this.issuers.issuerOf(iss) : undefined;
    if (!issuer) return this.refuse(token, INVALID, now);
    const outcome = runIssuerStrategy(issuer.strategy, { token, kid: decoded.kid, alg: decoded.alg }, Math.floor(now / 1000));
    return outcome instanceof Promise
      ? outcome.then((settled) => this.conclude(token, issuer, settled, api, this.clock.now()))
      : this.conclude(token, issuer, outcome, api, now);
  }

  private conclude(token: string, issuer: TrustedIssuer, outcome: StrategyOutcome, api: ApiIdentity, now: number): AuthResult {
    if (!('payload' in outcome)) return this.refuse(token, outcome, now);
    const { payload } = outcome;
    // jsonwebtoken lets a token without `exp` live forever; an access token must say when it ends (spec §11.2 step 6).
    if (typeof payload.exp !== 'number') return this.refuse(token, INVALID, now);
    const verified: VerifiedToken = {
      principal: accessTokenPrincipal(payload, issuer.profile, token),
      validateSubscription: issuer.profile.validateSubscription,
      subscribedApis: payload.subscribedAPIs,
      expiresAtMs: payload.exp * 1000,
    };
    this.cache.rememberSuccess(token, verified, verified.expiresAtMs, now);
    return this.admit(verified, api);
  }

  private admit(verified: VerifiedToken, api: ApiIdentity): AuthResult {
    if (!verified.validateSubscription) return verified.principal;
    return subscriptionFailure(verified.subscribedApis, api) ?? verified.principal;
  }

  private refuse(token: string, failure: AuthFailure, now: number): AuthFailure {
    this.cache.rememberFailure(token, failure, now);
    return failure;
  }
}
