/**
 * Cross-origin settings of an API (`x-wso2-cors`) or of the gateway (`dataPlane.cors`), as
 * Choreo Connect names them. Origins are exact (`https://app.example.com`), `*`, or contain `*`
 * wildcards for one or more DNS labels (`https://*.example.com`).
 */
export interface CorsConfig {
  readonly enabled: boolean;
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly exposeHeaders: readonly string[];
  /** `Access-Control-Max-Age` of preflight answers in seconds; undefined sends none. */
  readonly maxAgeSeconds?: number;
}
