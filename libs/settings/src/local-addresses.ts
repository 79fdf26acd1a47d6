import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { addressRanges } from './address-range.validator.js';

/** Loopback, and the unspecified addresses: connecting to 0.0.0.0 or :: reaches this host too. */
const THIS_HOST = addressRanges(['127.0.0.0/8', '::1', '0.0.0.0', '::']);
const UNSPECIFIED = addressRanges(['0.0.0.0', '::']);

export function addressFamily(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * The addresses a connection to `address` may end up on: the kernel dials an unspecified address
 * (0.0.0.0, ::, ::ffff:0.0.0.0) as loopback, so it must pass the rules for loopback as well.
 */
export function dialledAddresses(address: string): readonly string[] {
  if (!UNSPECIFIED.check(address, addressFamily(address))) return [address];
  return [address, '127.0.0.1', '::1'];
}

/**
 * True when `address` belongs to this machine: loopback, unspecified, one of `alsoLocal`, or an
 * address of a network interface. Interfaces are read on each call (a handful of syscalls, only
 * when the port is one of the gateway's), so an address added after start counts too.
 */
export function isLocalAddress(address: string, alsoLocal: readonly string[]): boolean {
  const family = addressFamily(address);
  if (THIS_HOST.check(address, family)) return true;
  const local = new BlockList();
  for (const ip of alsoLocal) if (isIP(ip) !== 0) local.addAddress(ip, addressFamily(ip));
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) local.addAddress(entry.address.split('%')[0], addressFamily(entry.address));
  }
  return local.check(address, family);
}
