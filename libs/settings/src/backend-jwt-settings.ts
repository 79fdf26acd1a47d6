import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';

/**
 * The backend JWT (spec §13, Choreo Connect's `[enforcer.jwtGenerator]`): the end user's
 * attributes sent to backends as a JWT signed by the gateway, whose public keys backends read at
 * `GET /.wellknown/jwks` on the data plane. Relative file paths are resolved like every other
 * path of the settings (see resolveSettingsPath).
 */

/** One key pair (Choreo Connect's `[[enforcer.jwtGenerator.keypair]]`). */
export class BackendJwtKeySettings {
  /** PEM private key (RSA for RS256, P-256 EC for ES256). */
  @IsString() @MinLength(1) keyFile!: string;
  /** PEM certificate of the key: its SHA-256 thumbprint becomes the `kid` and `x5t#S256`; absent: the key's JWK thumbprint. */
  @IsOptional() @IsString() @MinLength(1) certificateFile?: string;
  /** Exactly one key signs; the others are only published (a key about to take over, or one retired). */
  @IsBoolean() useForSigning = false;
}

/** The JWKS endpoint's token bucket (spec §13.5): excess requests are answered 429. */
export class JwksRateLimitSettings {
  @IsInt() @Min(1) quota = 1000;
  @IsInt() @Min(1) windowSeconds = 10;
}

export class BackendJwtSettings {
  /** Send a backend JWT to every API's backends; an API's `x-portico-backend-jwt` overrides it. */
  @IsBoolean() enabled = false;
  /** Upstream header carrying the token; a client's header of that name is never forwarded. */
  @IsString() @Matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'backendJwt.header must be an HTTP header name' }) header = 'X-JWT-Assertion';
  /** `iss` of the tokens. */
  @IsString() @MinLength(1) issuer = 'wso2.org/products/am';
  /** Prefix of the gateway's claims (`<dialect>/enduser`, …); empty: bare claim names. */
  @IsString() claimDialect = 'http://wso2.org/claims';
  @IsIn(['RS256', 'ES256']) signingAlgorithm: 'RS256' | 'ES256' = 'RS256';
  /** `exp` − `iat` of the tokens (s). A token is reused for the same caller credential until shortly before it expires. */
  @IsInt() @Min(30) @Max(86_400) tokenTtlSeconds = 3600;
  /** Put the signing key's id in the token header (`kid`), so backends pick the JWKS key by it. */
  @IsBoolean() useKid = true;
  /** Tokens remembered per API (least recently used go first); 0 signs one per request. */
  @IsInt() @Min(0) cacheSize = 10_000;
  /**
   * Key pairs; empty: a key generated into the data directory (kept across restarts), rotated by
   * `POST /portico/v1/backend-jwt/rotate`.
   */
  @IsArray() @ValidateNested({ each: true }) @Type(() => BackendJwtKeySettings) keys: BackendJwtKeySettings[] = [];
  @ValidateNested() @Type(() => JwksRateLimitSettings) jwksRateLimit = new JwksRateLimitSettings();
}
