import { Injectable } from '@nestjs/common';
import { type AuthFailure, type AuthResult, REQUEST_ERRORS } from '#core';
import { GatewaySettings } from '#settings';
import { KeyCertificate } from '../api-key/key-certificate.js';
import { CredentialCache } from '../credential-cache.js';
import { type ApiIdentity, InternalKeyVerifier } from '../credential-verifiers.js';
import { VerificationClock } from '../jwt/verification-clock.js';
import { VerifiedInternalKey } from './verified-internal-key.js';

const INVALID_CREDENTIALS: AuthFailure = { failure: REQUEST_ERRORS.invalidCredentials };
const MISSING_CREDENTIALS: AuthFailure = { failure: REQUEST_ERRORS.missingCredentials };

/**
 * Internal (test-console) keys (spec §11.4): JWTs verified with
 * `security.internalKey.certificateFile`; without it `enabled` is false and no key is accepted.
 * Bad signature, undecodable or expired → invalidCredentials; a `token_type` other than
 * `InternalKey` → the generic missing-credentials body; no `subscribedAPIs` entry for the API's
 * base path and version → 403 900908. Synchronous, cached like API keys.
 */
@Injectable()
export class JwtInternalKeyVerifier extends InternalKeyVerifier {
  readonly enabled: boolean;
  private readonly certificate: KeyCertificate | undefined;
  private readonly cache: CredentialCache<VerifiedInternalKey>;
  private readonly skewSeconds: number;

  constructor(
    settings: GatewaySettings,
    private readonly clock: VerificationClock,
  ) {
    super();
    const file = settings.security.internalKey.certificateFile;
    this.certificate = file === undefined ? undefined : KeyCertificate.load(settings, 'security.internalKey.certificateFile', file);
    this.enabled = this.certificate !== undefined;
    this.cache = new CredentialCache(settings.security.tokenCache);
    this.skewSeconds = settings.security.clockSkewSeconds;
  }

  verify(key: string, api: ApiIdentity): AuthResult {
    const now = this.clock.now();
    const verified = this.cache.get(key, now) ?? this.verifyAndRemember(key, now);
    return verified instanceof VerifiedInternalKey ? verified.admit(api) : verified;
  }

  private verifyAndRemember(key: string, now: number): VerifiedInternalKey | AuthFailure {
    // Not a JWT, or internal keys are off: no usable credential (spec §11.1); not worth caching.
    if (this.certificate === undefined || key.split('.').length !== 3) return MISSING_CREDENTIALS;
    const check = this.certificate.check(key, now, this.skewSeconds);
    let failure: AuthFailure;
    if (check.kind !== 'valid') {
      failure = INVALID_CREDENTIALS;
    } else if (check.claims.token_type !== 'InternalKey') {
      failure = MISSING_CREDENTIALS;
    } else {
      const verified = new VerifiedInternalKey(key, check.claims);
      this.cache.rememberSuccess(key, verified, check.expiresAtMs, now);
      return verified;
    }
    this.cache.rememberFailure(key, failure, now);
    return failure;
  }
}
