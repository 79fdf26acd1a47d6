import { DATA_PLANE_MARK_HEADER } from '../contracts/data-plane-mark.js';
import { printable } from '../logging/printable.js';
import { isLoopbackAddress } from './client-address.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Headers a proxy adds: with any of them the TCP peer is a relay (a local reverse proxy, a
 * sidecar, another gateway), and the client it relays for is anywhere.
 */
const RELAY_HEADERS = ['forwarded', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

/**
 * Why a built-in login (admin/admin, or /testkey's) is refused for a request, or undefined when it may be
 * tried. Such a login exists for a developer on this machine, so the client must be the TCP peer
 * itself and on loopback: never a request relayed by this gateway's data plane (whose peer is
 * 127.0.0.1 when a deployed endpoint points at the admin port) or by any other proxy.
 */
export function builtInLoginRefusal(clientAddress: string | undefined, headers: Headers): string | undefined {
  if (!isLoopbackAddress(clientAddress)) {
    return `the client address ${printable(clientAddress ?? 'unknown', 60)} is not loopback`;
  }
  if (headers[DATA_PLANE_MARK_HEADER] !== undefined) return 'the request came through the gateway data plane';
  const relayed = RELAY_HEADERS.find((name) => headers[name] !== undefined);
  if (relayed !== undefined) return `the request came through a proxy (it carries ${relayed})`;
  return undefined;
}
