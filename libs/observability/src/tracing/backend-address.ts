/** What a client span says about the backend it called (OpenTelemetry HTTP client conventions). */
export interface BackendAddress {
  /** `url.full`: the endpoint URL without user info, query or fragment. */
  readonly url: string;
  /** `server.address`: the host name or IP address (without IPv6 brackets); undefined when the endpoint is no URL. */
  readonly host: string | undefined;
  readonly port: number | undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
/** Endpoints are few and fixed per deploy; the bound only keeps a flood of redeploys from growing the map. */
const MAX_REMEMBERED = 1024;

/**
 * Endpoint URLs parsed once each: a try's client span needs their parts, and the same few
 * endpoint strings come back on every request.
 */
export class BackendAddresses {
  private readonly known = new Map<string, BackendAddress>();

  of(endpoint: string): BackendAddress {
    let address = this.known.get(endpoint);
    if (address === undefined) {
      if (this.known.size >= MAX_REMEMBERED) this.known.clear();
      address = parsed(endpoint);
      this.known.set(endpoint, address);
    }
    return address;
  }
}

function parsed(endpoint: string): BackendAddress {
  if (!URL.canParse(endpoint)) return { url: endpoint, host: undefined, port: undefined };
  const url = new URL(endpoint);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  return { url: `${url.protocol}//${url.host}${url.pathname}`, host, port };
}
