import { networkInterfaces } from 'node:os';
import { GatewayListeners } from '#core';
import { readEndpointHost } from './endpoint-host.js';
import { GatewaySettings } from './gateway-settings.js';
import { UpstreamDestinationPolicy } from './upstream-destination-policy.js';

type Tweak = (settings: GatewaySettings) => void;

function policyWith(tweak: Tweak = () => undefined, listeners = new GatewayListeners()): UpstreamDestinationPolicy {
  const settings = new GatewaySettings();
  tweak(settings);
  return new UpstreamDestinationPolicy(settings, listeners);
}

/** The deploy-time check of an endpoint host as written in a definition. */
function checkHost(policy: UpstreamDestinationPolicy, host: string, port: number) {
  const read = readEndpointHost(host);
  if (read.kind === 'invalid') throw new Error(`${host} is not a host`);
  return policy.checkEndpoint(read, port);
}

const portsZero: Tweak = (s) => {
  s.dataPlane.httpPort = 0;
  s.dataPlane.httpsPort = 0;
  s.admin.port = 0;
};

describe('UpstreamDestinationPolicy', () => {
  describe('by default', () => {
    const policy = policyWith();

    it.each(['169.254.169.254', '169.254.170.2', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', 'fe80::1', 'fd00:ec2::254', '100.100.100.200'])(
      'denies the link-local and cloud metadata address %s',
      (address) => {
        const denial = policy.checkAddress(address, 80);
        expect(denial?.rule).toMatch(/^upstream\.destinations\.deny /);
        expect(denial?.reason).toContain(`${address} is denied by upstream.destinations.deny`);
      },
    );

    it.each(['127.0.0.1', '::1', '10.0.0.7', '192.168.1.1', '8.8.8.8', '2001:db8::1'])('allows %s on a port that is not one of the gateway ports', (address) => {
      expect(policy.checkAddress(address, 8080)).toBeUndefined();
    });

    it('allows names at deploy time (their addresses are checked when they resolve)', () => {
      expect(checkHost(policy, 'metadata.google.internal', 80)).toBeUndefined();
      expect(checkHost(policy, 'backend.example', 9843)).toBeUndefined();
    });
  });

  describe('refuses endpoints that point back at the gateway', () => {
    const policy = policyWith();

    it.each(['127.0.0.1', '127.0.0.2', '0.0.0.0', '0', '2130706433', '0x7f.1', '0x7f000001', '017700000001', '0177.0.0.1', '127.1', '[::1]', '::1', '[::]', '[::ffff:127.0.0.1]', 'localhost', 'LOCALHOST', 'admin.localhost'])(
      'on the configured admin port: %s',
      (host) => {
        const denial = checkHost(policy, host, 9843);
        expect(denial?.rule).toBe('admin.port');
        expect(denial?.reason).toMatch(/port 9843 is the gateway's own listener admin\.port \(127\.0\.0\.1:9843\); an endpoint may not point back at the gateway$/);
      },
    );

    it('on the configured data-plane ports', () => {
      expect(checkHost(policy, '127.0.0.1', 9090)?.rule).toBe('dataPlane.httpPort');
      expect(checkHost(policy, '0.0.0.0', 9095)?.rule).toBe('dataPlane.httpsPort');
    });

    it('on every address of this machine, not only loopback', () => {
      const addresses = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).map((e) => e.address.split('%')[0]);
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(policy.checkAddress(address, 9090)?.rule).toBe('dataPlane.httpPort');
    });

    it('on the ports the listeners were bound to when the settings say 0', () => {
      const listeners = new GatewayListeners();
      const bound = policyWith(portsZero, listeners);
      expect(bound.checkAddress('127.0.0.1', 41234)).toBeUndefined();
      listeners.record({ setting: 'dataPlane.httpPort', host: '0.0.0.0', port: 41234 });
      listeners.record({ setting: 'admin.port', host: '127.0.0.1', port: 41235 });
      expect(bound.checkAddress('127.0.0.1', 41234)?.reason).toBe(
        "127.0.0.1 port 41234 is the gateway's own listener dataPlane.httpPort (0.0.0.0:41234); an endpoint may not point back at the gateway",
      );
      expect(checkHost(bound, 'localhost', 41235)?.rule).toBe('admin.port');
      expect(bound.checkAddress('127.0.0.1', 9843)).toBeUndefined();
    });

    it('but not on a listener that is disabled', () => {
      const policy = policyWith((s) => {
        s.admin.enabled = false;
        s.dataPlane.httpsEnabled = false;
      });
      expect(checkHost(policy, '127.0.0.1', 9843)).toBeUndefined();
      expect(checkHost(policy, '127.0.0.1', 9095)).toBeUndefined();
      expect(checkHost(policy, '127.0.0.1', 9090)?.rule).toBe('dataPlane.httpPort');
    });

    it('whatever the rules allow', () => {
      const policy = policyWith((s) => (s.upstream.destinations.allow = ['127.0.0.0/8']));
      expect(checkHost(policy, '127.0.0.1', 9843)?.rule).toBe('admin.port');
    });
  });

  describe('applies the configured rules', () => {
    it('deny wins over allow, and a non-empty allow admits only what it lists', () => {
      const policy = policyWith((s) => {
        s.upstream.destinations.allow = ['10.0.0.0/8', '169.254.0.0/16'];
      });
      expect(policy.checkAddress('10.1.2.3', 80)).toBeUndefined();
      expect(policy.checkAddress('::ffff:10.1.2.3', 80)).toBeUndefined();
      expect(policy.checkAddress('169.254.169.254', 80)?.rule).toBe('upstream.destinations.deny 169.254.0.0/16');
      expect(policy.checkAddress('192.168.1.1', 80)).toEqual({
        rule: 'upstream.destinations.allow',
        reason: '192.168.1.1 is not in upstream.destinations.allow',
      });
    });

    it('checks an unspecified address as the loopback address the kernel dials', () => {
      const policy = policyWith((s) => (s.upstream.destinations.deny = ['127.0.0.0/8']));
      expect(policy.checkAddress('0.0.0.0', 8080)?.reason).toBe('0.0.0.0 (dialled as 127.0.0.1) is denied by upstream.destinations.deny 127.0.0.0/8');
      expect(checkHost(policy, '0', 8080)?.rule).toBe('upstream.destinations.deny 127.0.0.0/8');
      expect(checkHost(policy, '2130706433', 8080)?.rule).toBe('upstream.destinations.deny 127.0.0.0/8');
      expect(checkHost(policy, '[::ffff:127.0.0.1]', 8080)?.rule).toBe('upstream.destinations.deny 127.0.0.0/8');
    });

    it('checks ports of names and addresses alike', () => {
      const policy = policyWith((s) => {
        s.upstream.destinations.denyPorts = [22];
        s.upstream.destinations.allowPorts = [22, 443];
      });
      expect(checkHost(policy, 'backend.example', 22)).toEqual({ rule: 'upstream.destinations.denyPorts', reason: 'port 22 is denied by upstream.destinations.denyPorts' });
      expect(checkHost(policy, 'backend.example', 80)?.rule).toBe('upstream.destinations.allowPorts');
      expect(policy.checkAddress('10.0.0.1', 8080)?.reason).toBe('port 8080 is not in upstream.destinations.allowPorts');
      expect(checkHost(policy, 'backend.example', 443)).toBeUndefined();
    });
  });
});

describe('readEndpointHost', () => {
  it('reads a host as the connection will (WHATWG URL host parsing, as undici does)', () => {
    expect(readEndpointHost('2130706433')).toEqual({ kind: 'address', address: '127.0.0.1' });
    expect(readEndpointHost('0x7f.1')).toEqual({ kind: 'address', address: '127.0.0.1' });
    expect(readEndpointHost('[::ffff:127.0.0.1]')).toEqual({ kind: 'address', address: '::ffff:7f00:1' });
    expect(readEndpointHost('::1')).toEqual({ kind: 'address', address: '::1' });
    expect(readEndpointHost('Backend.Example')).toEqual({ kind: 'name', name: 'backend.example' });
    expect(readEndpointHost('1.2.3.4.5')).toEqual({ kind: 'invalid' });
  });
});
