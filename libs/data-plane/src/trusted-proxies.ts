import type { BlockList } from 'node:net';
import { isIP, isIPv6 } from 'node:net';
import { addressRanges } from '#settings';

/**
 * The proxies in front of the gateway whose forwarding headers are believed (`dataPlane.trustedProxies`).
 * Anyone else could write `X-Forwarded-For: 10.0.0.1` and be taken for an internal client by the
 * backend, so their forwarding headers are replaced, not appended to.
 */
export class TrustedProxies {
  private readonly ranges: BlockList | undefined;

  constructor(ranges: readonly string[]) {
    this.ranges = ranges.length === 0 ? undefined : addressRanges(ranges);
  }

  /** An IPv4 client on a dual-stack socket (`::ffff:a.b.c.d`) matches IPv4 ranges too (BlockList does that). */
  trusts(address: string | undefined): boolean {
    if (this.ranges === undefined || address === undefined) return false;
    return this.ranges.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the connection's peer, or, when the peer is a trusted proxy, the
   * right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries left of it
   * could have been written by anyone).
   */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string | undefined {
    if (!this.trusts(peer) || forwardedFor === undefined) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i].trim();
      if (isIP(hop) === 0) return peer;
      if (!this.trusts(hop)) return hop;
    }
    return peer;
  }
}
