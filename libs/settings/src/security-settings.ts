import { Type } from 'class-transformer';
import { LoginThrottleSettings } from './login-throttle-settings.js';
import { TestKeyUserSettings } from './user-settings.js';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';

/**
 * Consumer security (spec §11): who may call the APIs, and with which credentials. File paths are
 * relative to the config file. Certificates and keys are read, and issuers without a way to
 * verify signatures refused, when the gateway starts.
 */

/** A remote claim renamed for use downstream (Choreo Connect's `claimMapping`). */
export class ClaimMappingSettings {
  @IsString() @MinLength(1) remoteClaim!: string;
  @IsString() @MinLength(1) localClaim!: string;
}

/** One trusted token issuer (Choreo Connect's `[[enforcer.security.tokenService]]`). */
export class TokenIssuerSettings {
  /** Free name, shown in logs and principals. */
  @IsString() @MinLength(1) name!: string;
  /** Must equal the token's `iss` exactly. */
  @IsString() @MinLength(1) issuer!: string;
  /** PEM certificate (or public key) that verifies tokens without `kid`, or every token when there is no jwksUrl. */
  @IsOptional() @IsString() @MinLength(1) certificateFile?: string;
  /** JWKS endpoint: a token's `kid` selects its key. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) jwksUrl?: string;
  /** Claim holding the client id. */
  @IsString() @MinLength(1) consumerKeyClaim = 'azp';
  /** Require a `subscribedAPIs` entry for the API's name and version (403 900908 otherwise). */
  @IsBoolean() validateSubscription = false;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ClaimMappingSettings) claimMappings: ClaimMappingSettings[] = [];
}

export class JwksSettings {
  /** How long fetched keys are used before they are fetched again (ms). */
  @IsInt() @Min(1000) cacheTtlMs = 3_600_000;
  /** Least time between two fetches caused by unknown `kid`s (ms): a flood of forged kids fetches at most this often. */
  @IsInt() @Min(0) minRefetchIntervalMs = 5000;
  /** Time a JWKS fetch may take (ms); when it fails the last good keys stay in use. */
  @IsInt() @Min(100) timeoutMs = 5000;
}

export class TokenCacheSettings {
  /** Verified credentials remembered at most (least recently used go first); 0 turns the cache off. */
  @IsInt() @Min(0) maxEntries = 10_000;
  /** A verified credential is re-verified after this long at the latest (ms), even when it expires later. */
  @IsInt() @Min(1000) maxAgeMs = 900_000;
  /** How long a refused credential is remembered as refused (ms). */
  @IsInt() @Min(0) failureTtlMs = 5000;
}

/** API keys (spec §11.3): JWTs signed by API Manager's API-key certificate. */
export class ApiKeySettings {
  /** PEM certificate verifying API keys (Choreo Connect's `APIM APIkey`); absent: internalKey.certificateFile. */
  @IsOptional() @IsString() @MinLength(1) certificateFile?: string;
  /** Require a `subscribedAPIs` entry for the API's name and version (403 900908 otherwise). */
  @IsBoolean() validateSubscription = false;
}

/** Internal (test-console) keys (spec §11.4). */
export class InternalKeySettings {
  /** Header carrying the key (`testConsoleHeaderName`). */
  @IsString() @Matches(/^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$/) header = 'internal-key';
  /** PEM certificate verifying internal keys (Choreo Connect's `APIM Publisher`); absent: internal keys are not accepted. */
  @IsOptional() @IsString() @MinLength(1) certificateFile?: string;
}

/** The gateway's own test-token endpoint, `POST /testkey` on the data plane (spec §11.5). Off by default. */
export class TestKeySettings {
  @IsBoolean() enabled = false;
  /** `iss` of the tokens it issues; the gateway trusts this issuer while the endpoint is enabled. */
  @IsString() @MinLength(1) issuer = 'https://localhost:9095/testkey';
  /** PEM RSA private key signing the tokens; absent: generated into `<dataDir>/keys/test-key.key`. */
  @IsOptional() @IsString() @MinLength(1) keyFile?: string;
  @IsInt() @Min(60) @Max(31_536_000) validitySeconds = 3600;
  /** Users allowed to get a token (HTTP Basic); none: the built-in admin/admin, for direct loopback clients only. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => TestKeyUserSettings) users: TestKeyUserSettings[] = [];
  /** Failed logins per user name and client address, as for the admin API: back-off lockouts answered 429. */
  @ValidateNested() @Type(() => LoginThrottleSettings) loginThrottle = new LoginThrottleSettings();
}

/**
 * Mutual TLS from clients (spec §11.8). Behind a TLS terminator the client certificate arrives in
 * a header, believed only from `dataPlane.trustedProxies` (anyone else could write it).
 */
export class MutualSslSettings {
  /** Header a trusted TLS terminator puts the client's PEM certificate in (Choreo Connect's `certificateHeader`). */
  @IsString() @Matches(/^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$/) certificateHeader = 'x-wso2-client-certificate';
  /** The header's PEM is URL-encoded (`clientCertificateEncode`). */
  @IsBoolean() clientCertificateEncode = false;
}

export const ACCEPTED_KEY_TYPES = ['PRODUCTION', 'SANDBOX'] as const;

export class SecuritySettings {
  /** Header carrying OAuth2 tokens when an API names none (`x-wso2-auth-header`). */
  @IsString() @Matches(/^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$/) authorizationHeader = 'authorization';
  /** Clock skew allowed on `exp` and `nbf` (s). */
  @IsInt() @Min(0) @Max(300) clockSkewSeconds = 5;
  /** Key types this gateway serves; a credential of another type gets 401 (separate production and sandbox gateways). */
  @IsArray() @ArrayNotEmpty() @IsIn(ACCEPTED_KEY_TYPES, { each: true }) acceptedKeyTypes: (typeof ACCEPTED_KEY_TYPES)[number][] = [...ACCEPTED_KEY_TYPES];
  @IsArray() @ValidateNested({ each: true }) @Type(() => TokenIssuerSettings) issuers: TokenIssuerSettings[] = [];
  @ValidateNested() @Type(() => JwksSettings) jwks = new JwksSettings();
  @ValidateNested() @Type(() => TokenCacheSettings) tokenCache = new TokenCacheSettings();
  @ValidateNested() @Type(() => ApiKeySettings) apiKey = new ApiKeySettings();
  @ValidateNested() @Type(() => InternalKeySettings) internalKey = new InternalKeySettings();
  @ValidateNested() @Type(() => TestKeySettings) testKey = new TestKeySettings();
  @ValidateNested() @Type(() => MutualSslSettings) mutualSsl = new MutualSslSettings();
}
