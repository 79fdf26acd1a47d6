import { DATA_PLANE_MARK_HEADER } from '../contracts/data-plane-mark.js';
import { isLoopbackAddress, throttleAddressKey } from './client-address.js';
import { builtInLoginRefusal } from './built-in-login-origin.js';

describe('client addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['192.0.2.2', false],
    ['::ffff:192.0.2.2', false],
    ['::', false],
    ['fd00::1', false],
    ['128.0.0.1', false],
    ['localhost', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  it('counts IPv4 addresses one by one and IPv6 addresses by their /64', () => {
    expect(throttleAddressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(throttleAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttleAddressKey('::ffff:c000:207')).toBe('192.0.2.7');
    expect(throttleAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleAddressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(throttleAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleAddressKey(undefined)).toBe('unknown');
    expect(throttleAddressKey('not-an-address')).toBe('not-an-address');
  });
});

describe('builtInLoginRefusal', () => {
  it('accepts a loopback client that connects directly', () => {
    expect(builtInLoginRefusal('127.0.0.1', { host: 'localhost' })).toBeUndefined();
    expect(builtInLoginRefusal('::1', {})).toBeUndefined();
  });

  it('refuses a client address that is not loopback, naming it', () => {
    expect(builtInLoginRefusal('192.0.2.2', {})).toBe('the client address 192.0.2.2 is not loopback');
    expect(builtInLoginRefusal(undefined, {})).toBe('the client address unknown is not loopback');
  });

  it('refuses a request the data plane relayed, whatever the value of its mark', () => {
    expect(builtInLoginRefusal('127.0.0.1', { [DATA_PLANE_MARK_HEADER]: 'anything' })).toBe('the request came through the gateway data plane');
    expect(builtInLoginRefusal('127.0.0.1', { [DATA_PLANE_MARK_HEADER]: '' })).toBe('the request came through the gateway data plane');
  });

  it.each(['forwarded', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'])('refuses a request relayed by a proxy (%s)', (header) => {
    expect(builtInLoginRefusal('127.0.0.1', { [header]: '203.0.113.9' })).toBe(`the request came through a proxy (it carries ${header})`);
  });
});
