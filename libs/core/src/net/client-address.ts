import { isIPv4, isIPv6 } from 'node:net';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: a client on this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  const parsed = parse(address);
  if (parsed === undefined) return false;
  if (typeof parsed === 'string') return parsed.startsWith('127.');
  return parsed.every((group, i) => group === (i === 7 ? 1 : 0));
}

/**
 * The key failed logins are counted under for a client address: IPv4 addresses as they are,
 * IPv6 addresses by their /64, since one host is routinely given a whole /64 and would otherwise
 * have 2^64 fresh addresses to rotate through.
 */
export function throttleAddressKey(address: string | undefined): string {
  const parsed = parse(address);
  if (parsed === undefined) return address ?? 'unknown';
  if (typeof parsed === 'string') return parsed;
  return `${parsed
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** An IPv4 address in dotted form (IPv4-mapped IPv6 included), the eight groups of an IPv6 one, or undefined. */
function parse(address: string | undefined): string | number[] | undefined {
  if (address === undefined) return undefined;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return undefined;
  const groups = expandIPv6(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  return mapped ? [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.') : groups;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, embedded IPv4 converted). */
function expandIPv6(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}
