import { BrowserRequestPolicy, hostNameOf } from './browser-request-policy.js';

function codeOf(policy: BrowserRequestPolicy, headers: Record<string, string>, encrypted = false): string | undefined {
  return policy.refusal(headers, encrypted)?.code;
}

describe('BrowserRequestPolicy', () => {
  const loopback = new BrowserRequestPolicy({ host: '127.0.0.1', allowedHosts: [], allowedOrigins: [] });

  it('reads host names from Host headers, with or without port, IPv6 bracketed', () => {
    expect(hostNameOf('LocalHost:9843')).toBe('localhost');
    expect(hostNameOf('[::1]:9843')).toBe('[::1]');
    expect(hostNameOf('10.0.0.5')).toBe('10.0.0.5');
    for (const bad of ['', 'a b', 'evil.example:99999999', 'user@evil.example', '::1', 'evil.example/']) expect([bad, hostNameOf(bad)]).toEqual([bad, undefined]);
  });

  it('answers loopback names and a named or addressed admin.host, but no wildcard address', () => {
    expect(codeOf(loopback, { host: 'localhost:1' })).toBeUndefined();
    expect(codeOf(loopback, {})).toBe('admin.host-not-allowed');
    const named = new BrowserRequestPolicy({ host: 'Admin.Internal', allowedHosts: [], allowedOrigins: [] });
    expect(codeOf(named, { host: 'admin.internal:9843' })).toBeUndefined();
    const v6 = new BrowserRequestPolicy({ host: 'fd00::5', allowedHosts: [], allowedOrigins: [] });
    expect(codeOf(v6, { host: '[fd00::5]:9843' })).toBeUndefined();
    for (const wildcard of ['0.0.0.0', '::']) {
      const policy = new BrowserRequestPolicy({ host: wildcard, allowedHosts: [], allowedOrigins: [] });
      expect(codeOf(policy, { host: `${wildcard}:9843` })).toBe('admin.host-not-allowed');
      expect(codeOf(policy, { host: 'localhost:9843' })).toBeUndefined();
    }
    const any = new BrowserRequestPolicy({ host: '0.0.0.0', allowedHosts: ['*'], allowedOrigins: [] });
    expect(codeOf(any, { host: 'whatever.example' })).toBeUndefined();
  });

  it('takes its own origin from the Host and the connection, default ports included', () => {
    expect(codeOf(loopback, { host: 'localhost', origin: 'http://localhost:80' })).toBeUndefined();
    expect(codeOf(loopback, { host: 'localhost:443', origin: 'https://localhost' }, true)).toBeUndefined();
    expect(codeOf(loopback, { host: 'localhost:9843', origin: 'https://localhost:9843' })).toBe('admin.origin-not-allowed');
    expect(codeOf(loopback, { host: 'localhost:9843', origin: 'http://localhost:9843/' })).toBeUndefined();
    const allowed = new BrowserRequestPolicy({ host: '127.0.0.1', allowedHosts: [], allowedOrigins: ['HTTPS://Ops.Example.com:443'] });
    expect(codeOf(allowed, { host: 'localhost', origin: 'https://ops.example.com' })).toBeUndefined();
  });
});
