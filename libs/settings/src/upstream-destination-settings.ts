import { ArrayMaxSize, IsArray, IsInt, Max, Min, type ValidationArguments } from 'class-validator';
import { IsAddressRange, isAddressRange } from './address-range.validator.js';

/**
 * Addresses no endpoint may reach unless the operator removes them: link-local (where every
 * cloud serves instance metadata and credentials: 169.254.169.254, ECS's 169.254.170.2, and
 * fe80::/10), AWS's IPv6 metadata address and Alibaba Cloud's metadata address.
 */
export const DEFAULT_DENIED_DESTINATIONS: readonly string[] = ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254', '100.100.100.200'];

/** Names the entries that are not ranges, so the settings error shows which one to fix. */
function badRanges({ property, value }: ValidationArguments): string {
  const bad = Array.isArray(value) ? value.filter((entry) => !isAddressRange(entry)) : [];
  return `${property} must list IP addresses or CIDR ranges such as 10.0.0.0/8 or fd00::/8; not one: ${bad.map((b) => JSON.stringify(b)).join(', ')}`;
}

/**
 * Where endpoints may send the gateway (`upstream.destinations`): a guard against server-side
 * request forgery through a deployed definition. Checked at deploy time for IP-literal hosts,
 * and at connect time for every address a name resolves to, so DNS cannot rebind an allowed
 * name onto a denied address. Loopback stays allowed by default (local backends), but the
 * gateway's own listeners (admin API, data plane) are always refused, whatever these say.
 */
export class UpstreamDestinationSettings {
  /** When not empty, the only addresses endpoints may reach (deny still wins). */
  @IsArray() @ArrayMaxSize(1000) @IsAddressRange({ each: true, message: badRanges }) allow: string[] = [];
  /** Addresses endpoints may never reach. Replacing the list drops the defaults: keep them. */
  @IsArray() @ArrayMaxSize(1000) @IsAddressRange({ each: true, message: badRanges }) deny: string[] = [...DEFAULT_DENIED_DESTINATIONS];
  /** When not empty, the only ports endpoints may use (denyPorts still wins). */
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(65535, { each: true }) allowPorts: number[] = [];
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(65535, { each: true }) denyPorts: number[] = [];
}
