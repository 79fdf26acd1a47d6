import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderMap, RouteMatch } from '#core';

/**
 * OPTIONS requests the gateway answers itself (spec §2, §5.3): a CORS preflight from an allowed
 * origin gets the compiled policy's `200` (no authentication, no backend call, as Envoy's CORS
 * filter does); any other OPTIONS to a resource that does not declare `options` gets `204` with
 * `Allow`. A resource that declares `options` has it forwarded like any other method.
 */
export function answerOptions(req: IncomingMessage, res: ServerResponse, match: RouteMatch, cors: HeaderMap | undefined): boolean {
  const origin = req.headers.origin;
  if (match.cors !== undefined && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
    const preflight = match.cors.preflight(origin);
    if (preflight !== undefined) {
      res.writeHead(200, { ...preflight, 'content-length': 0 });
      res.end();
      return true;
    }
  }
  if (match.operation !== undefined) return false;
  res.writeHead(204, { ...cors, allow: match.allow });
  res.end();
  return true;
}
