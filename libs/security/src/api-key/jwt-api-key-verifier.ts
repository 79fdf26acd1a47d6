import { Injectable } from '@nestjs/common';
import { type AuthFailure, type AuthResult, REQUEST_ERRORS, type SecurityRequest } from '#core';
import { GatewaySettings } from '#settings';
import { CredentialCache } from '../credential-cache.js';
import { type ApiIdentity, ApiKeyVerifier } from '../credential-verifiers.js';
import { VerificationClock } from '../jwt/verification-clock.js';
import { KeyCertificate } from './key-certificate.js';
import { VerifiedApiKey } from './verified-api-key.js';

const API_KEY_FAILED: AuthFailure = { failure: REQUEST_ERRORS.apiKeyFailed };
const INVALID_CREDENTIALS: AuthFailure = { failure: REQUEST_ERRORS.invalidCredentials };
const MISSING_CREDENTIALS: AuthFailure = { failure: REQUEST_ERRORS.missingCredentials };

/**
 * API keys (spec §11.3): JWTs verified with `security.apiKey.certificateFile`, else the internal
 * key certificate; with neither, every API key fails as "API key authentication failed". Bad
 * signature or undecodable → apiKeyFailed; expired, or an internal key offered as an API key →
 * invalidCredentials; then per call the `permittedIP`, `permittedReferer` and (with
 * `security.apiKey.validateSubscription`) subscription checks → 403 900908. Synchronous: the
 * signature check is, and a cached key costs a map lookup.
 */
@Injectable()
export class JwtApiKeyVerifier extends ApiKeyVerifier {
  private readonly certificate: KeyCertificate | undefined;
  private readonly cache: CredentialCache<VerifiedApiKey>;
  private readonly validateSubscription: boolean;
  private readonly skewSeconds: number;

  constructor(
    settings: GatewaySettings,
    private readonly clock: VerificationClock,
  ) {
    super();
    const { apiKey, internalKey } = settings.security;
    if (apiKey.certificateFile !== undefined) {
      this.certificate = KeyCertificate.load(settings, 'security.apiKey.certificateFile', apiKey.certificateFile);
    } else if (internalKey.certificateFile !== undefined) {
      this.certificate = KeyCertificate.load(settings, 'security.internalKey.certificateFile', internalKey.certificateFile);
    }
    this.cache = new CredentialCache(settings.security.tokenCache);
    this.validateSubscription = apiKey.validateSubscription;
    this.skewSeconds = settings.security.clockSkewSeconds;
  }

  verify(key: string, api: ApiIdentity, request: SecurityRequest): AuthResult {
    const now = this.clock.now();
    const verified = this.cache.get(key, now) ?? this.verifyAndRemember(key, now);
    return verified instanceof VerifiedApiKey ? verified.admit(api, request, this.validateSubscription) : verified;
  }

  private verifyAndRemember(key: string, now: number): VerifiedApiKey | AuthFailure {
    // Not a JWT: not an API key at all, so no usable credential (spec §11.3); not worth caching.
    if (key.split('.').length !== 3) return MISSING_CREDENTIALS;
    if (this.certificate === undefined) return API_KEY_FAILED;
    const check = this.certificate.check(key, now, this.skewSeconds);
    if (check.kind === 'valid' && !isInternalKey(check.claims)) {
      const verified = new VerifiedApiKey(key, check.claims);
      this.cache.rememberSuccess(key, verified, check.expiresAtMs, now);
      return verified;
    }
    // Expired, and an internal key offered as an API key, are "Invalid Credentials"; the rest "API key authentication failed".
    const failure = check.kind === 'invalid' ? API_KEY_FAILED : INVALID_CREDENTIALS;
    this.cache.rememberFailure(key, failure, now);
    return failure;
  }
}

function isInternalKey(claims: Readonly<Record<string, unknown>>): boolean {
  return typeof claims.token_type === 'string' && claims.token_type.toLowerCase() === 'internalkey';
}
