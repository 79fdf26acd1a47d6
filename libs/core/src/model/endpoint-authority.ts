import type { EndpointUrl } from './endpoint-set.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

/** The `Host` value for an endpoint, as RFC 9110 wants it: the port only when not the scheme's default. */
export function authorityOf(url: EndpointUrl): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  return DEFAULT_PORTS[url.scheme] === url.port ? host : `${host}:${url.port}`;
}
