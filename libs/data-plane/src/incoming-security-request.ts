import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { SecurityRequest } from '#core';
import type { ForwardedClientCertificate } from './forwarded-client-certificate.js';
import type { TrustedProxies } from './trusted-proxies.js';

/**
 * What the operation's security handler reads of a request. The client address and certificate
 * are worked out only when a handler asks (an API key with `permittedIP`, mutual TLS): most
 * requests never need them.
 */
export class IncomingSecurityRequest implements SecurityRequest {
  readonly headers: IncomingHttpHeaders;

  constructor(
    private readonly req: IncomingMessage,
    readonly query: string,
    private readonly proxies: TrustedProxies,
    private readonly forwardedCertificate: ForwardedClientCertificate,
  ) {
    this.headers = req.headers;
  }

  get clientAddress(): string | undefined {
    return this.proxies.clientAddress(this.req.socket.remoteAddress, this.req.headers['x-forwarded-for']);
  }

  /** The certificate of the TLS handshake, else one a trusted proxy forwards in a header (spec §11.8). */
  get clientCertificate(): PeerCertificate | undefined {
    const socket = this.req.socket as Partial<TLSSocket>;
    if (socket.encrypted === true && socket.getPeerCertificate !== undefined) {
      const certificate = socket.getPeerCertificate();
      if (certificate !== null && Object.keys(certificate).length > 0) return certificate;
    }
    return this.forwardedCertificate.of(this.req);
  }
}
