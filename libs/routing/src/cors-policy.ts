import type { CorsConfig, CorsPolicy, HeaderMap } from '#core';

const VARY_ONLY: HeaderMap = Object.freeze({ vary: 'Origin' });

/**
 * A CORS configuration compiled once per API (Choreo Connect's `x-wso2-cors` / `[router.cors]`,
 * answered the way Envoy's CORS filter does): preflights from an allowed origin get `200` with the
 * configured methods and headers; actual responses get `Access-Control-Allow-Origin` for an
 * allowed origin and always `Vary: Origin`. The origin is echoed whenever credentials are allowed
 * or origins are listed, so `*` is never sent with credentials.
 */
export class CompiledCorsPolicy implements CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;
  private readonly originPatterns: readonly RegExp[];
  private readonly preflightHeaders: HeaderMap;
  private readonly responseHeaders: HeaderMap;

  constructor(readonly config: CorsConfig) {
    const origins = config.allowOrigins.map((o) => o.trim()).filter((o) => o !== '');
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins.filter((o) => !o.includes('*')).map((o) => o.toLowerCase()));
    this.originPatterns = origins.filter((o) => o !== '*' && o.includes('*')).map(originPattern);
    this.preflightHeaders = withoutEmpty({
      'access-control-allow-methods': config.allowMethods.join(','),
      'access-control-allow-headers': config.allowHeaders.join(','),
      'access-control-allow-credentials': config.allowCredentials ? 'true' : '',
      'access-control-max-age': config.maxAgeSeconds === undefined ? '' : String(config.maxAgeSeconds),
      vary: 'Origin',
    });
    this.responseHeaders = withoutEmpty({
      'access-control-allow-credentials': config.allowCredentials ? 'true' : '',
      'access-control-expose-headers': config.exposeHeaders.join(','),
      vary: 'Origin',
    });
  }

  /** `*` with credentials reflects every origin: allowed (as Choreo Connect does), but worth a warning. */
  get reflectsAnyOriginWithCredentials(): boolean {
    return this.anyOrigin && this.config.allowCredentials;
  }

  preflight(origin: string): HeaderMap | undefined {
    if (!this.allows(origin)) return undefined;
    return { ...this.preflightHeaders, 'access-control-allow-origin': this.allowOriginValue(origin) };
  }

  response(origin: string | undefined): HeaderMap {
    if (origin === undefined || !this.allows(origin)) return VARY_ONLY;
    return { ...this.responseHeaders, 'access-control-allow-origin': this.allowOriginValue(origin) };
  }

  private allows(origin: string): boolean {
    if (this.anyOrigin) return true;
    const lower = origin.toLowerCase();
    return this.origins.has(lower) || this.originPatterns.some((p) => p.test(lower));
  }

  private allowOriginValue(origin: string): string {
    return this.anyOrigin && !this.config.allowCredentials ? '*' : origin;
  }
}

/** `https://*.example.com` → one or more DNS labels where the `*` is; never `/`, `:` or `@`. */
function originPattern(origin: string): RegExp {
  const parts = origin.toLowerCase().split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('[a-z0-9-]+(?:\\.[a-z0-9-]+)*') + '$');
}

function withoutEmpty(headers: Record<string, string>): HeaderMap {
  return Object.freeze(Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')));
}
