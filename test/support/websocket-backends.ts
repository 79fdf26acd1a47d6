import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { WebSocketServer } from 'ws';

/** One handshake a backend received: the path the gateway called and the headers it sent. */
export interface BackendHandshake {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface NamedWebSocketBackend {
  readonly url: string;
  readonly handshakes: BackendHandshake[];
  close(): Promise<void>;
}

/**
 * A WebSocket backend that answers every text message with `<name>: <message>`, so a test can
 * tell which backend (production or sandbox) a connection reached, and records each handshake.
 */
export async function startNamedEchoBackend(name: string): Promise<NamedWebSocketBackend> {
  const handshakes: BackendHandshake[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, req) => {
    handshakes.push({ url: req.url ?? '', headers: req.headers });
    socket.on('message', (data) => socket.send(`${name}: ${data.toString()}`));
  });
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

export interface RefusingBackend {
  readonly url: string;
  /** Upgrade requests received (each one refused). */
  readonly refused: string[];
  close(): Promise<void>;
}

/** A plain node:http server that answers every WebSocket upgrade with `status` and `body`, as an app server rejecting a client would. */
export async function startRefusingBackend(status: number, body: string): Promise<RefusingBackend> {
  const refused: string[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    refused.push(req.url ?? '');
    const payload = Buffer.from(body);
    socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\nconnection: close\r\n\r\n${body}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An unsecured WebSocket API on `basePath` (AsyncAPI 2, one channel). */
export function webSocketApi(title: string, basePath: string, url: string): string {
  return JSON.stringify({
    asyncapi: '2.0.0',
    info: { title, version: '1.0.0' },
    'x-wso2-basePath': basePath,
    'x-wso2-disable-security': true,
    servers: { production: { url, protocol: 'ws' } },
    channels: { '/*': { publish: {} } },
  });
}
