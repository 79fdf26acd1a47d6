import type { IncomingMessage } from 'node:http';
import type { EndpointUrl, HeaderMap } from '#core';
import { connectionListed, NOT_FORWARDED } from './hop-by-hop.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

/** `host:port` as RFC 9110 wants it: the port only when it is not the scheme's default. */
export function authorityOf(url: EndpointUrl): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  return DEFAULT_PORTS[url.scheme] === url.port ? host : `${host}:${url.port}`;
}

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
