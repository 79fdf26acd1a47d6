import { isIP, type LookupFunction } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { EndpointUrl } from '#core';
import type { UpstreamDestinationPolicy } from '#settings';
import { DestinationDeniedError, guardedLookup } from '#upstream';

/**
 * How the gateway dials one ws/wss endpoint, worked out once at deploy time: its origin, its TLS
 * options and its destination check. Names are checked on every lookup (so a name cannot pass a
 * check, then rebind onto a denied address); IP literals never reach a lookup and are checked
 * before each connect, as the gateway's listeners may change after the deploy.
 */
export class WebSocketEndpoint {
  /** The host to connect to, IPv6 literals without brackets. */
  readonly host: string;
  readonly port: number;
  /** wss: TLS to the backend. */
  readonly secure: boolean;
  /** For names only: the guarded lookup the connection uses. */
  readonly lookup: LookupFunction | undefined;
  private readonly literal: string | undefined;

  constructor(
    private readonly url: EndpointUrl,
    /** From BackendTls.connectionOptions: empty for ws. */
    readonly tls: ConnectionOptions,
    private readonly policy: UpstreamDestinationPolicy,
  ) {
    const bare = url.host.startsWith('[') ? url.host.slice(1, -1) : url.host;
    this.host = bare;
    this.port = url.port;
    this.secure = url.scheme === 'wss';
    this.literal = isIP(bare) === 0 ? undefined : bare;
    this.lookup = this.literal === undefined ? guardedLookup(policy, url.port) : undefined;
  }

  /** Connect-time refusal of an IP-literal host; undefined when the connection may be opened. */
  denial(): DestinationDeniedError | undefined {
    if (this.literal === undefined) return undefined;
    const denial = this.policy.checkAddress(this.literal, this.url.port);
    return denial === undefined ? undefined : new DestinationDeniedError(denial.reason);
  }
}
