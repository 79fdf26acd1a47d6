import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface TestBackend {
  readonly port: number;
  readonly url: string;
  /** Requests seen so far (the body is complete once the handler ran). */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type BackendHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;

/** Echoes what it received as JSON: method, url, headers, body (as text). */
export const echoHandler: BackendHandler = (req, res, body) => {
  const payload = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString() });
  res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'echo' });
  res.end(payload);
};

/**
 * A real HTTP(S) backend on 127.0.0.1, port 0. By default the handler gets the whole body;
 * with `streaming` it is called at once and must read the request itself. `tls` takes Node's
 * server options: a backend requiring client certificates sets `ca`, `requestCert` and
 * `rejectUnauthorized`.
 */
export async function startBackend(
  handler: BackendHandler = echoHandler,
  options: { tls?: { cert: string; key: string; ca?: string; requestCert?: boolean; rejectUnauthorized?: boolean }; streaming?: boolean } = {},
): Promise<TestBackend> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (options.streaming === true) {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) });
      void handler(req, res, Buffer.alloc(0));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      void handler(req, res, body);
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
