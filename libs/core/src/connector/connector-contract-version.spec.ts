import { contractIncompatibility } from './connector-contract-version.js';

describe('connector contract versions', () => {
  it('accepts the same major with a minor up to the gateway’s', () => {
    expect(contractIncompatibility('1.0', '1.0')).toBeUndefined();
    expect(contractIncompatibility('1.0', '1.3')).toBeUndefined();
    expect(contractIncompatibility('1.3', '1.3')).toBeUndefined();
  });

  it('refuses another major, a newer minor and a missing or malformed stamp, saying why', () => {
    expect(contractIncompatibility('2.0', '1.3')).toBe('it was built for connector contract 2.0, this gateway implements 1.3 (a different major version)');
    expect(contractIncompatibility('0.9', '1.3')).toBe('it was built for connector contract 0.9, this gateway implements 1.3 (a different major version)');
    expect(contractIncompatibility('1.4', '1.3')).toBe('it was built for connector contract 1.4, newer than the 1.3 this gateway implements; upgrade the gateway');
    expect(contractIncompatibility(undefined, '1.3')).toBe("it declares no valid connector contract version (undefined); it was not built with @portico/sdk's @GatewayConnector");
    expect(contractIncompatibility('1', '1.3')).toMatch(/no valid connector contract version \(1\)/);
  });
});
