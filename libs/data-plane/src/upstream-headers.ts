import type { IncomingMessage } from 'node:http';
import type { HeaderMap } from '#core';
import { connectionListed, NOT_FORWARDED } from './hop-by-hop.js';

/**
 * The headers sent upstream: the client's, minus hop-by-hop and gateway-controlled ones, with
 * `Host` rewritten to the backend and the forwarding headers set (spec §5.4, §5.6).
 */
export function upstreamHeaders(req: IncomingMessage, authority: string, scheme: string): HeaderMap {
  const source = req.headers;
  const listed = connectionListed(source.connection);
  const out: HeaderMap = {};
  for (const name in source) {
    if (NOT_FORWARDED.has(name) || name.startsWith('x-envoy-') || listed?.has(name)) continue;
    out[name] = source[name];
  }
  out.host = authority;
  const client = req.socket.remoteAddress ?? '';
  const forwardedFor = source['x-forwarded-for'];
  out['x-forwarded-for'] = forwardedFor === undefined ? client : `${forwardedFor}, ${client}`;
  out['x-forwarded-proto'] = scheme;
  if (source.host !== undefined) out['x-forwarded-host'] = source.host;
  return out;
}
