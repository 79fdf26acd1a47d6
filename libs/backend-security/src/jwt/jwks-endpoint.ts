import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { type DataPlaneEndpoint, REQUEST_ERRORS, ThrottledLog } from '#core';
import type { BackendJwtSettings } from '#settings';
import type { BackendJwtKeys } from './backend-jwt-keys.js';
import { JwksRateLimit } from './jwks-rate-limit.js';

/** Choreo Connect's path (spec §13.5), spelt as it is: `wellknown` without a hyphen. */
export const JWKS_PATH = '/.wellknown/jwks';

/** How long backends and proxies may keep the document: short, so a rotation is seen within a minute. */
export const JWKS_MAX_AGE_SECONDS = 60;

/** The 429 body, in the shape of the gateway's other errors (spec §16.1). */
export const JWKS_RATE_LIMITED_BODY = {
  code: '103429',
  message: 'Too many requests',
  description: "The JWKS endpoint's rate limit was reached.",
} as const;

const RATE_LIMITED = Buffer.from(JSON.stringify(JWKS_RATE_LIMITED_BODY), 'utf8');
const { code, message, description } = REQUEST_ERRORS.noRoute;
const NOT_SERVED = Buffer.from(JSON.stringify({ code, message, description }), 'utf8');

/**
 * `GET /.wellknown/jwks` on the data plane (spec §13.5), served while the backend JWT is enabled:
 * the public keys backends verify backend JWTs with (current and retired ones), behind a token
 * bucket of `backendJwt.jwksRateLimit` (see JwksRateLimit); excess requests get a 429 with
 * `retry-after`.
 */
export class JwksEndpoint implements DataPlaneEndpoint {
  readonly method = 'GET';
  readonly path = JWKS_PATH;
  private readonly limit: JwksRateLimit;
  /** Refusals come by the hundred when a backend fleet misbehaves: one line, then a count a minute. */
  private readonly refusals = new ThrottledLog((line) => new Logger('BackendJwt').warn(line));

  constructor(
    private readonly keys: BackendJwtKeys,
    rateLimit: BackendJwtSettings['jwksRateLimit'],
  ) {
    this.limit = new JwksRateLimit(rateLimit.quota, rateLimit.windowSeconds, keys.clock());
  }

  handle(_req: IncomingMessage, res: ServerResponse): void {
    if (!this.keys.inUse) {
      // No API sends backend JWTs: the path is not there, as in Choreo Connect with the generator off.
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': NOT_SERVED.length });
      res.end(NOT_SERVED);
      return;
    }
    const waitMs = this.limit.take(this.keys.clock());
    if (waitMs > 0) {
      this.refusals.note('jwks', `GET ${JWKS_PATH} refused with 429: over backendJwt.jwksRateLimit`);
      res.writeHead(429, {
        'content-type': 'application/json',
        'content-length': RATE_LIMITED.length,
        'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
        'cache-control': 'no-store',
      });
      res.end(RATE_LIMITED);
      return;
    }
    const document = this.keys.jwks();
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': document.length,
      'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
    });
    res.end(document);
  }
}
