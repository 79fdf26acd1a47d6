import type { HeaderMap } from '../connector/connector.js';

/**
 * A compiled CORS policy (deploy time). The data plane asks it what to answer; it never parses
 * configuration per request.
 */
export interface CorsPolicy {
  /**
   * The headers of the gateway's answer to a preflight (OPTIONS with `Origin` and
   * `Access-Control-Request-Method`), or undefined when the origin is not allowed: the request
   * is then handled as a plain OPTIONS request.
   */
  preflight(origin: string): HeaderMap | undefined;
  /** Headers added to an actual response (including `Vary: Origin`); undefined adds none. */
  response(origin: string | undefined): HeaderMap | undefined;
}
