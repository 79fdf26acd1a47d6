import { BlockList, isIP } from 'node:net';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** `10.0.0.0/8`, `::1/128` or a single address (`192.168.1.10`, `::1`): a range `BlockList` accepts. */
export function isAddressRange(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** The ranges as a BlockList (each already validated by IsAddressRange). */
export function addressRanges(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Every item is an address or a CIDR range. */
export function IsAddressRange(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAddressRange',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property: each item must be an IP address or a CIDR range such as 10.0.0.0/8', ...options },
      validator: { validate: isAddressRange },
    });
}
