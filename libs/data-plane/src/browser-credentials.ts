import type { IncomingMessage } from 'node:http';
import { withoutQueryParameters } from './query-parameters.js';

/** RFC 6750 §2.3: the access token as a query parameter. */
export const ACCESS_TOKEN_PARAMETER = 'access_token';
/** A `Sec-WebSocket-Protocol` entry carrying the access token: `portico.bearer.<token>`. */
export const BEARER_PROTOCOL_PREFIX = 'portico.bearer.';

/**
 * Browsers cannot set headers on a WebSocket handshake, so a handshake without the API's token
 * header may carry the token as a `Sec-WebSocket-Protocol` entry `portico.bearer.<token>` or as
 * the `access_token` query parameter. It becomes `<header>: Bearer <token>` for the operation's
 * security (which then strips that header, as any credential), and leaves the offered protocols or
 * the query: the backend never sees it. Returns the query without it.
 */
export function takeBrowserCredential(req: IncomingMessage, search: string, header: string): string {
  if (req.headers[header] !== undefined) return search;
  const offered = req.headers['sec-websocket-protocol'];
  if (offered !== undefined) {
    const entries = offered.split(',').map((p) => p.trim());
    const entry = entries.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
    if (entry !== undefined) {
      req.headers[header] = `Bearer ${entry.slice(BEARER_PROTOCOL_PREFIX.length)}`;
      const rest = entries.filter((p) => p !== entry && p !== '');
      if (rest.length > 0) req.headers['sec-websocket-protocol'] = rest.join(', ');
      else delete req.headers['sec-websocket-protocol'];
      return search;
    }
  }
  const token = queryValue(search, ACCESS_TOKEN_PARAMETER);
  if (token === undefined) return search;
  req.headers[header] = `Bearer ${token}`;
  return withoutQueryParameters(search, [ACCESS_TOKEN_PARAMETER]);
}

function queryValue(search: string, name: string): string | undefined {
  for (const pair of search.slice(1).split('&')) {
    const end = pair.indexOf('=');
    if (end < 0 || pair.slice(0, end) !== name) continue;
    try {
      return decodeURIComponent(pair.slice(end + 1).replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
