import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { type ServerOptions, WebSocket, WebSocketServer } from 'ws';

/** A real WebSocket backend on 127.0.0.1; echoes every message unless `echo` is false. */
export interface WsBackend {
  readonly url: string;
  readonly server: WebSocketServer;
  /** The backend's side of every connection, in order. */
  readonly connections: WebSocket[];
  /** The request path of every handshake that reached the backend. */
  readonly paths: string[];
  close(): Promise<void>;
}

export async function startWsBackend(options: ServerOptions = {}, echo = true): Promise<WsBackend> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  await once(server, 'listening');
  const connections: WebSocket[] = [];
  const paths: string[] = [];
  server.on('connection', (ws, request) => {
    connections.push(ws);
    paths.push(request.url ?? '');
    ws.on('error', () => undefined);
    if (echo) ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  });
  // Handshakes refused by verifyClient reach no connection, but still count as contact.
  server.on('headers', () => undefined);
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    connections,
    paths,
    close: () =>
      new Promise((done) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => done());
      }),
  };
}

/** A port nothing listens on: one the system just gave out and took back. */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** A client of the gateway, open. */
export async function openClient(url: string, protocols: string[] = []): Promise<WebSocket> {
  const client = new WebSocket(url, protocols);
  client.on('error', () => undefined);
  await once(client, 'open');
  return client;
}

/** The code and reason of a socket's close; call it before the close can happen. */
export async function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  const [code, reason] = (await once(ws, 'close')) as [number, Buffer];
  return { code, reason: reason.toString() };
}

/** Resolves when `predicate` holds, checking every few ms (fails the test by its timeout otherwise). */
export async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
}
