import { upstreamErrorKind } from './upstream-error-kind.js';

describe('upstreamErrorKind: TLS failures are connect failures (spec §16.2: 503 102503)', () => {
  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'CERT_HAS_EXPIRED',
    'CERT_REVOKED',
    'INVALID_CA',
    'CERT_UNTRUSTED',
    'HOSTNAME_MISMATCH',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    'ERR_SSL_WRONG_VERSION_NUMBER',
  ])('%s', (code) => {
    expect(upstreamErrorKind(Object.assign(new Error('handshake failed'), { code }))).toBe('connect');
  });
});
