import { lookup as resolve, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import type { UpstreamDestinationPolicy } from '#settings';
import { DestinationDeniedError } from './destination-denied-error.js';

/**
 * An undici connector that checks every address before a socket is opened to it: IP-literal
 * hosts directly, names through the `lookup` hook, so the addresses checked are the ones
 * dialled (a name cannot pass a check, then rebind onto a denied address). Denied addresses
 * are dropped from a name's answer; when none is left, the connection fails with
 * DestinationDeniedError. Everything else (TLS, timeouts, happy eyeballs) is undici's own.
 */
export function guardedConnector(policy: UpstreamDestinationPolicy, port: number, options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: guardedLookup(policy, port) });
  return (target, callback) => {
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    const denial = isIP(host) === 0 ? undefined : policy.checkAddress(host, port);
    if (denial) {
      callback(new DestinationDeniedError(denial.reason), null);
      return;
    }
    connect(target, callback);
  };
}

/**
 * A `lookup` for net/tls connections (and clients built on them, such as ws) that drops denied
 * addresses from a name's answer and fails with DestinationDeniedError when none is left. IP
 * literals never reach a lookup: check them with `policy.checkAddress` before connecting.
 */
export function guardedLookup(policy: UpstreamDestinationPolicy, port: number): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, []);
        return;
      }
      const denials = addresses.map((a) => policy.checkAddress(a.address, port));
      const allowed = addresses.filter((_a, i) => denials[i] === undefined);
      const denial = denials.find((d) => d !== undefined);
      if (allowed.length === 0 && denial) callback(new DestinationDeniedError(`${hostname} resolves to ${denial.reason}`), []);
      else if (options.all === true || allowed.length === 0) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
