import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MutualSslSettings } from '#settings';
// A real certificate from the test kit, by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, selfSignedCertificatePem } from '../../testing/src/token-kit.js';
import { ForwardedClientCertificate } from './forwarded-client-certificate.js';
import { TrustedProxies } from './trusted-proxies.js';

const PROXY = '10.0.0.5';
let pem: string;
let der: Buffer;

beforeAll(async () => {
  pem = await selfSignedCertificatePem(generateTestKeyPair('P-256'), 'CN=forwarded');
  der = new X509Certificate(pem).raw;
});

function forwarded(settings: Partial<MutualSslSettings> = {}): ForwardedClientCertificate {
  return new ForwardedClientCertificate(new TrustedProxies(['10.0.0.0/24']), Object.assign(new MutualSslSettings(), settings));
}

/** What node:http hands over: lower-case header names and the peer's address. */
function incoming(headers: Record<string, string>, peer = PROXY): IncomingMessage {
  return { headers, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
}

describe('the client certificate a TLS terminator forwards (spec §11.8)', () => {
  it('a trusted proxy: the PEM of x-wso2-client-certificate, on one line or with spaces, gives its DER', () => {
    expect(forwarded().of(incoming({ 'x-wso2-client-certificate': pem.replace(/\n/g, '') }))?.raw).toEqual(der);
    expect(forwarded().of(incoming({ 'x-wso2-client-certificate': pem.replace(/\n/g, ' ') }))?.raw).toEqual(der);
  });

  it('anyone else: the header is not believed', () => {
    expect(forwarded().of(incoming({ 'x-wso2-client-certificate': pem.replace(/\n/g, '') }, '192.0.2.1'))).toBeUndefined();
  });

  it('no header, or an empty one: no certificate', () => {
    expect(forwarded().of(incoming({}))).toBeUndefined();
    expect(forwarded().of(incoming({ 'x-wso2-client-certificate': '' }))).toBeUndefined();
  });

  it('security.mutualSsl: another header, URL-encoded (clientCertificateEncode)', () => {
    const settings = { certificateHeader: 'X-Client-Cert', clientCertificateEncode: true };
    expect(forwarded(settings).of(incoming({ 'x-client-cert': encodeURIComponent(pem) }))?.raw).toEqual(der);
    expect(forwarded(settings).of(incoming({ 'x-wso2-client-certificate': pem.replace(/\n/g, '') }))).toBeUndefined();
  });

  it.each([
    ['text that is not base64', 'not a certificate!', {}],
    ['a broken URL encoding', '%E0%A4%A', { clientCertificateEncode: true }],
  ])('%s: an empty DER, which mutual TLS answers 900900', (_name, value, settings) => {
    expect(forwarded(settings).of(incoming({ 'x-wso2-client-certificate': value }))?.raw).toEqual(Buffer.alloc(0));
  });
});
