import type { IncomingMessage } from 'node:http';
import { ADMIN_SESSION_COOKIE, cookiePair, DATA_PLANE_MARK_HEADER, type HeaderMap } from '#core';
import { connectionListed, NOT_FORWARDED } from './hop-by-hop.js';

/** Forwarding headers a client could use to pose as someone else; only trusted proxies may set them. */
const FORWARDING = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded', 'x-real-ip']);

/**
 * The headers sent upstream: the client's, minus hop-by-hop and gateway-controlled ones, with
 * `Host` rewritten to the backend and the forwarding headers set (spec §5.4, §5.6). From a
 * trusted proxy its forwarding headers are kept and the client address is appended to
 * `X-Forwarded-For`; from anyone else they are replaced by the gateway's own values.
 */
export function upstreamHeaders(
  req: IncomingMessage,
  authority: string,
  scheme: string,
  trustedClient: boolean,
  mark: string,
  /** Credential headers the operation's security consumed (lower case): never forwarded. */
  credentials: readonly string[],
): HeaderMap {
  const source = req.headers;
  const listed = connectionListed(source.connection);
  const out: HeaderMap = {};
  for (const name in source) {
    if (NOT_FORWARDED.has(name) || name.startsWith('x-envoy-') || listed?.has(name)) continue;
    if (credentials.length > 0 && credentials.includes(name)) continue;
    if (!trustedClient && FORWARDING.has(name)) continue;
    out[name] = source[name];
  }
  if (out.cookie !== undefined) stripAdminSession(out);
  out.host = authority;
  // Tells the gateway's own admin API that a request came through its data plane (it then
  // refuses the built-in login); replaces whatever a client sent under that name.
  out[DATA_PLANE_MARK_HEADER] = mark;
  const client = req.socket.remoteAddress ?? '';
  const forwardedFor = out['x-forwarded-for'];
  out['x-forwarded-for'] = forwardedFor === undefined ? client : `${String(forwardedFor)}, ${client}`;
  out['x-forwarded-proto'] ??= scheme;
  if (source.host !== undefined) out['x-forwarded-host'] ??= source.host;
  return out;
}

/** A dashboard session the browser sent along (same host, other port) never reaches a backend. */
function stripAdminSession(out: HeaderMap): void {
  const header = String(out.cookie);
  if (!header.includes(ADMIN_SESSION_COOKIE)) return;
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && cookiePair(pair).name !== ADMIN_SESSION_COOKIE);
  if (kept.length === 0) delete out.cookie;
  else out.cookie = kept.join('; ');
}
