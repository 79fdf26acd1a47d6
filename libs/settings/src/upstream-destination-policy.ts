import type { BlockList } from 'node:net';
import { Injectable } from '@nestjs/common';
import { type BoundListener, GatewayListeners } from '#core';
import { addressRanges } from './address-range.validator.js';
import { type EndpointHost, isLocalhostName } from './endpoint-host.js';
import { GatewaySettings } from './gateway-settings.js';
import { addressFamily, dialledAddresses, isLocalAddress } from './local-addresses.js';

/** Why a destination is refused, in words that name the setting to change. */
export interface DestinationDenial {
  /** The setting (and entry) that refuses it: `upstream.destinations.deny 169.254.0.0/16`, `admin.port`. */
  readonly rule: string;
  /** What was checked and why it is refused, for messages and log lines. */
  readonly reason: string;
}

interface AddressRule {
  readonly text: string;
  readonly list: BlockList;
}

/**
 * The upstream destination rules (`upstream.destinations`) and the gateway's own listeners,
 * compiled once. The deploy-time check sees hosts as written; the connect-time check sees every
 * address a name resolves to. Deny wins over allow; a destination on one of the gateway's own
 * listeners (any local address, the configured port or the one it was bound to) is always a
 * loop, whatever the rules say.
 */
@Injectable()
export class UpstreamDestinationPolicy {
  private readonly allow: readonly AddressRule[];
  private readonly deny: readonly AddressRule[];
  private readonly allowPorts: ReadonlySet<number>;
  private readonly denyPorts: ReadonlySet<number>;
  private readonly configured: readonly BoundListener[];

  constructor(
    settings: GatewaySettings,
    private readonly listeners: GatewayListeners,
  ) {
    const rules = settings.upstream.destinations;
    this.allow = rules.allow.map(compileRule);
    this.deny = rules.deny.map(compileRule);
    this.allowPorts = new Set(rules.allowPorts);
    this.denyPorts = new Set(rules.denyPorts);
    this.configured = configuredListeners(settings);
  }

  /**
   * Deploy time: an endpoint's host as read by `readEndpointHost`. IP addresses get every check;
   * a name only the port checks (its addresses are checked when it resolves), except that
   * `localhost` on one of the gateway's ports is a loop whatever DNS says.
   */
  checkEndpoint(host: Exclude<EndpointHost, { kind: 'invalid' }>, port: number): DestinationDenial | undefined {
    if (host.kind === 'address') return this.checkAddress(host.address, port);
    // Loopback is local whichever address the name gets, so one stands for both.
    const loop = isLocalhostName(host.name) ? this.loopDenial('127.0.0.1', port, host.name) : undefined;
    if (loop) return loop;
    return this.portDenial(port);
  }

  /** Connect time: one address a connection is about to be opened to (brackets allowed). */
  checkAddress(address: string, port: number): DestinationDenial | undefined {
    const bare = address.startsWith('[') ? address.slice(1, -1) : address;
    const dialled = dialledAddresses(bare);
    for (const candidate of dialled) {
      const loop = this.loopDenial(candidate, port, bare);
      if (loop) return loop;
    }
    const portDenial = this.portDenial(port);
    if (portDenial) return portDenial;
    for (const candidate of dialled) {
      const denial = this.addressDenial(candidate, bare);
      if (denial) return denial;
    }
    return undefined;
  }

  private loopDenial(address: string, port: number, shown: string): DestinationDenial | undefined {
    const own = [...this.listeners.bound, ...this.configured].filter((l) => l.port === port);
    if (own.length === 0 || !isLocalAddress(address, own.map((l) => l.host))) return undefined;
    const { setting, host } = own[0];
    return {
      rule: setting,
      reason: `${shown} port ${port} is the gateway's own listener ${setting} (${host}:${port}); an endpoint may not point back at the gateway`,
    };
  }

  private portDenial(port: number): DestinationDenial | undefined {
    if (this.denyPorts.has(port)) {
      return { rule: 'upstream.destinations.denyPorts', reason: `port ${port} is denied by upstream.destinations.denyPorts` };
    }
    if (this.allowPorts.size > 0 && !this.allowPorts.has(port)) {
      return { rule: 'upstream.destinations.allowPorts', reason: `port ${port} is not in upstream.destinations.allowPorts` };
    }
    return undefined;
  }

  private addressDenial(address: string, shown: string): DestinationDenial | undefined {
    const family = addressFamily(address);
    const reached = shown === address ? address : `${shown} (dialled as ${address})`;
    const denied = this.deny.find((rule) => rule.list.check(address, family));
    if (denied) {
      return { rule: `upstream.destinations.deny ${denied.text}`, reason: `${reached} is denied by upstream.destinations.deny ${denied.text}` };
    }
    if (this.allow.length > 0 && !this.allow.some((rule) => rule.list.check(address, family))) {
      return { rule: 'upstream.destinations.allow', reason: `${reached} is not in upstream.destinations.allow` };
    }
    return undefined;
  }
}

/** One BlockList per entry, so a denial names the entry that matched. */
function compileRule(text: string): AddressRule {
  return { text, list: addressRanges([text]) };
}

/** The listeners the settings fix in advance; port 0 is learnt only once bound (GatewayListeners). */
function configuredListeners({ admin, dataPlane }: GatewaySettings): BoundListener[] {
  const listeners: BoundListener[] = [{ setting: 'dataPlane.httpPort', host: dataPlane.host, port: dataPlane.httpPort }];
  if (dataPlane.httpsEnabled) listeners.push({ setting: 'dataPlane.httpsPort', host: dataPlane.host, port: dataPlane.httpsPort });
  if (admin.enabled) listeners.push({ setting: 'admin.port', host: admin.host, port: admin.port });
  return listeners.filter((l) => l.port !== 0);
}
