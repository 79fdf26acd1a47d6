import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface ClientCertificateBackend {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An HTTPS backend on 127.0.0.1 that REQUIRES a client certificate issued by `clientCa` (the TLS
 * handshake fails without one) and answers with the client certificate's CN and the request URL,
 * as JSON: `{"cn":"portico-gateway","url":"/v2/pet/1"}`.
 */
export async function startClientCertificateBackend(tls: { cert: string; key: string; clientCa: string }): Promise<ClientCertificateBackend> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: tls.cert, key: tls.key, ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cn: peer.subject?.CN, url: req.url }));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
