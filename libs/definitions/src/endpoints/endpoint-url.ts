import type { EndpointScheme, EndpointUrl, ProblemCode } from '#core';

/**
 * REST, SOAP and GraphQL APIs call HTTP backends; WebSocket APIs call ws/wss backends; an API
 * whose connector `x-portico-connector` chose takes any scheme here, and the connector's declared
 * schemes are checked when the API is compiled.
 */
export type UrlFamily = 'http' | 'ws' | 'any';

const SCHEMES: Readonly<Record<Exclude<UrlFamily, 'any'>, readonly EndpointScheme[]>> = {
  http: ['http', 'https'],
  ws: ['ws', 'wss'],
};

const DEFAULT_PORTS: Readonly<Partial<Record<EndpointScheme, number>>> = { http: 80, https: 443, ws: 80, wss: 443 };

/** Choreo Connect's hostname rule (spec §3.5); note that one-character hosts fail it. */
const HOST_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-.]*[0-9a-zA-Z]$/;

const URL_PARTS = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;

export interface UrlProblem {
  readonly code: ProblemCode;
  readonly message: string;
}

export type ParsedUrl = { readonly url: EndpointUrl } | { readonly problem: UrlProblem };

/**
 * Parses an endpoint URL once, at deploy time (spec §6.3): trimmed, `http://` or `ws://` added
 * when the scheme is missing, default ports filled in, base path without trailing slash.
 */
export function parseEndpointUrl(raw: string, family: UrlFamily): ParsedUrl {
  const rawUrl = raw.trim();
  if (rawUrl === '') return fail('endpoint.host-empty', 'empty Hostname is provided');
  if (rawUrl.startsWith('/')) return fail('endpoint.host-relative', `relative paths are not supported as endpoint URLs: ${rawUrl}`);
  if (family === 'any' && !rawUrl.includes('://')) return fail('endpoint.url-invalid', `endpoint URL needs a scheme (e.g. http://): ${rawUrl}`);
  const absolute = rawUrl.includes('://') ? rawUrl : `${family}://${rawUrl}`;
  const parts = URL_PARTS.exec(absolute);
  if (!parts) return fail('endpoint.url-invalid', `endpoint URL cannot be parsed: ${rawUrl}`);
  const [, schemeText, authority, path] = parts;
  const scheme = schemeText.toLowerCase();
  if (family !== 'any' && !SCHEMES[family].includes(scheme)) {
    return fail(
      'endpoint.scheme-unsupported',
      `endpoint scheme "${schemeText}" is not supported here (use ${SCHEMES[family].join(' or ')}): ${rawUrl}`,
    );
  }
  if (authority.includes('@')) {
    return fail('endpoint.url-invalid', `endpoint URLs cannot carry credentials (use securityConfig instead): ${rawUrl}`);
  }
  const hostPort = splitHostPort(authority);
  if (!hostPort) return fail('endpoint.url-invalid', `endpoint URL cannot be parsed (invalid port): ${rawUrl}`);
  const { host, port } = hostPort;
  if (host === '') return fail('endpoint.host-empty', `empty Hostname is provided: ${rawUrl}`);
  if (!HOST_NAME.test(host)) return fail('endpoint.host-invalid', `malformed endpoint detected (Invalid host name) : ${rawUrl}`);
  const portNumber = port === undefined ? DEFAULT_PORTS[scheme] : Number(port);
  if (portNumber === undefined) return fail('endpoint.port-range', `endpoint URL needs a port: ${scheme} has no default port: ${rawUrl}`);
  if (portNumber === 0 || portNumber > 65535) {
    return fail('endpoint.port-range', `endpoint port value should be between 0 and 65535: ${rawUrl}`);
  }
  return { url: { rawUrl, scheme, host, port: portNumber, basePath: path.replace(/\/+$/, '') } };
}

/** `host`, `host:8080` or `[v6]:8080`; undefined when the port is not a number. */
function splitHostPort(authority: string): { host: string; port: string | undefined } | undefined {
  const colon = authority.startsWith('[') ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
  if (colon < 0) return { host: authority, port: undefined };
  const port = authority.slice(colon + 1);
  if (port === '') return { host: authority.slice(0, colon), port: undefined };
  if (!/^\d{1,10}$/.test(port)) return undefined;
  return { host: authority.slice(0, colon), port };
}

function fail(code: ProblemCode, message: string): ParsedUrl {
  return { problem: { code, message } };
}
