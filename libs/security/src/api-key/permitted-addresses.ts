import { BlockList, isIP } from 'node:net';

/**
 * An API key's `permittedIP` claim (spec §11.3): comma-separated IPv4/IPv6 addresses and CIDR
 * ranges, compiled once per verified key into a node:net BlockList (which also matches
 * IPv4-mapped IPv6 client addresses against IPv4 rules). Entries that are neither an address nor
 * a range can match nothing, so they are left out rather than refusing the key: the key's other
 * entries still apply.
 */
export class PermittedAddresses {
  private constructor(private readonly list: BlockList) {}

  /**
   * Undefined when the claim sets no restriction (absent or blank). A claim of another type than
   * a string is a restriction nothing satisfies: an unreadable restriction must not open the key.
   */
  static of(claim: unknown): PermittedAddresses | undefined {
    if (claim === undefined || claim === null || (typeof claim === 'string' && claim.trim() === '')) return undefined;
    const list = new BlockList();
    if (typeof claim === 'string') for (const entry of claim.split(',')) add(list, entry.trim());
    return new PermittedAddresses(list);
  }

  /** The client address is the data plane's (already trusted-proxy aware); none → not permitted. */
  permits(clientAddress: string | undefined): boolean {
    if (clientAddress === undefined) return false;
    // A scoped IPv6 address (fe80::1%eth0) is compared without its zone.
    const address = clientAddress.includes('%') ? clientAddress.slice(0, clientAddress.indexOf('%')) : clientAddress;
    const version = isIP(address);
    if (version === 0) return false;
    return this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }
}

function add(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return;
  const type = version === 4 ? 'ipv4' : 'ipv6';
  if (slash < 0) {
    list.addAddress(address, type);
    return;
  }
  const prefixText = entry.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (version === 4 ? 32 : 128)) return;
  list.addSubnet(address, prefix, type);
}
