import type { IncomingMessage } from 'node:http';
import type { PeerCertificate } from 'node:tls';
import type { MutualSslSettings } from '#settings';
import type { TrustedProxies } from './trusted-proxies.js';

const PEM_ARMOUR = /-----(BEGIN|END) CERTIFICATE-----|\s+/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const NOTHING = Buffer.alloc(0);

/**
 * The client certificate a TLS terminator forwards in a header (spec §11.8,
 * `security.mutualSsl.certificateHeader`), believed only from `dataPlane.trustedProxies`: anyone
 * else could paste a copy of a public certificate there.
 */
export class ForwardedClientCertificate {
  private readonly header: string;
  private readonly urlEncoded: boolean;

  constructor(
    private readonly proxies: TrustedProxies,
    settings: MutualSslSettings,
  ) {
    this.header = settings.certificateHeader.toLowerCase();
    this.urlEncoded = settings.clientCertificateEncode;
  }

  /**
   * The forwarded certificate; undefined when there is none or the peer is not trusted. Only
   * its DER (`raw`) is filled in: that is what mutual TLS compares. A value that is not PEM
   * gives an empty DER, which mutual TLS answers as an invalid certificate.
   */
  of(req: IncomingMessage): PeerCertificate | undefined {
    const value = req.headers[this.header];
    if (typeof value !== 'string' || value === '' || !this.proxies.trusts(req.socket.remoteAddress)) return undefined;
    return { raw: this.derOf(value) } as PeerCertificate;
  }

  private derOf(value: string): Buffer {
    let pem = value;
    if (this.urlEncoded) {
      try {
        pem = decodeURIComponent(value);
      } catch {
        return NOTHING;
      }
    }
    const base64 = pem.replace(PEM_ARMOUR, '');
    return BASE64.test(base64) ? Buffer.from(base64, 'base64') : NOTHING;
  }
}
