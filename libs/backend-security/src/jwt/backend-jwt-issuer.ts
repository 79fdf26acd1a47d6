import { randomUUID } from 'node:crypto';
import type { BackendJwt, Principal } from '#core';
import { type BackendJwtApi, claimPrefix, principalClaims } from './backend-jwt-claims.js';
import type { BackendJwtKeys } from './backend-jwt-keys.js';
import { IssuedTokenCache } from './issued-token-cache.js';
import { jwsHeaderSegment, signCompact } from './jws-compact.js';
import type { SigningKey } from './signing-key.js';

/** One API's effective backend JWT settings: the gateway's `backendJwt` with the API's overrides applied. */
export interface BackendJwtIssuerOptions {
  /** Upstream header name (lower-cased here). */
  readonly header: string;
  /** `iss` of the tokens. */
  readonly issuer: string;
  readonly claimDialect: string;
  readonly tokenTtlSeconds: number;
  readonly useKid: boolean;
  /** Tokens remembered (by caller credential); 0: one is signed per request. */
  readonly cacheSize: number;
}

/** Schemes whose caller the backend JWT describes (spec §13.2): not security disabled, not mutual TLS alone. */
const DESCRIBED_SCHEMES: ReadonlySet<Principal['scheme']> = new Set(['jwt', 'api-key', 'internal-key']);

/** The longest a token is reused before it expires: a backend that checks `exp` strictly still accepts it on arrival. */
const MAX_RENEWAL_MARGIN_SECONDS = 60;

/**
 * The backend JWT of one API (spec §13): claims as §13.3, `exp` = `iat` + TTL exactly, signed
 * with the keys' current signing key. A token is reused for the same caller credential until 10%
 * of its lifetime (at most 60 s) is left, and never across a key rotation.
 */
export class BackendJwtIssuer implements BackendJwt {
  readonly header: string;
  private readonly prefix: string;
  private readonly renewalMarginSeconds: number;
  private readonly cache: IssuedTokenCache | undefined;
  private headerSegment: { readonly key: SigningKey; readonly segment: string } | undefined;

  constructor(
    private readonly api: BackendJwtApi,
    private readonly options: BackendJwtIssuerOptions,
    private readonly keys: BackendJwtKeys,
  ) {
    this.header = options.header.toLowerCase();
    this.prefix = claimPrefix(options.claimDialect);
    this.renewalMarginSeconds = Math.min(options.tokenTtlSeconds * 0.1, MAX_RENEWAL_MARGIN_SECONDS);
    this.cache = options.cacheSize > 0 ? new IssuedTokenCache(options.cacheSize) : undefined;
    // Keys this API's tokens were signed with stay published as long as those tokens live.
    keys.coverTokenTtl(options.tokenTtlSeconds);
  }

  tokenFor(principal: Principal | undefined): string | undefined {
    if (principal === undefined || !DESCRIBED_SCHEMES.has(principal.scheme)) return undefined;
    const now = this.keys.clock();
    const generation = this.keys.generation;
    const credential = principal.credential;
    const cached = credential === undefined ? undefined : this.cache?.get(credential, generation, now);
    if (cached !== undefined) return cached;
    const key = this.keys.signing;
    const iat = Math.floor(now / 1000);
    const exp = iat + this.options.tokenTtlSeconds;
    const claims = { iss: this.options.issuer, iat, exp, jti: randomUUID(), ...principalClaims(principal, this.api, this.prefix) };
    const token = signCompact(this.headerSegmentFor(key), claims, key);
    if (credential !== undefined) this.cache?.set(credential, { token, generation, renewAt: (exp - this.renewalMarginSeconds) * 1000 });
    return token;
  }

  private headerSegmentFor(key: SigningKey): string {
    if (this.headerSegment?.key !== key) this.headerSegment = { key, segment: jwsHeaderSegment(key, this.options.useKid) };
    return this.headerSegment.segment;
  }
}
