import { isIP } from 'node:net';

/** An endpoint's host as the connection will use it: an IP address, or a name still to resolve. */
export type EndpointHost =
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'invalid' };

/**
 * Reads a host the way undici (the WHATWG URL parser) will when it connects, so the check sees
 * the address actually dialled: `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` are all
 * 127.0.0.1, names are lower-cased, and a host ending in a number that is no IPv4 address
 * (`1.2.3.4.5`) is invalid. Brackets of IPv6 literals are optional.
 */
export function readEndpointHost(host: string): EndpointHost {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  let hostname: string;
  try {
    hostname = new URL(`http://${bracketed}/`).hostname;
  } catch {
    return { kind: 'invalid' };
  }
  const unbracketed = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(unbracketed) === 0 ? { kind: 'name', name: hostname } : { kind: 'address', address: unbracketed };
}

/** `localhost` and `*.localhost` always mean this host (RFC 6761 §6.3), whatever DNS says. */
export function isLocalhostName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare === 'localhost' || bare.endsWith('.localhost');
}
