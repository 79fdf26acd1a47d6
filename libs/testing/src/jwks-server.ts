import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TestKeyPair } from './token-kit.js';

/**
 * How the JWKS server answers: `ok` serves the key set; `error` answers 500; `close` destroys the
 * connection without a response; `hang` never answers (a fetch timeout); `garbage` answers 200
 * with a body that is not JSON.
 */
export type JwksServerMode = 'ok' | 'error' | 'close' | 'hang' | 'garbage';

/** A real JWKS endpoint on 127.0.0.1 whose keys and behaviour a test changes while it runs. */
export interface JwksServer {
  /** `http://127.0.0.1:<port>/jwks` */
  readonly url: string;
  readonly port: number;
  /** Requests received so far, whatever the mode. */
  readonly requestCount: number;
  /** Replaces the published keys (key pairs or raw JWK objects). */
  setKeys(keys: readonly (TestKeyPair | Record<string, unknown>)[]): void;
  setMode(mode: JwksServerMode): void;
  /** Resolves when `requestCount` reaches `count` (or at once when it already has). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const isKeyPair = (key: TestKeyPair | Record<string, unknown>): key is TestKeyPair =>
  typeof (key as TestKeyPair).privateKey === 'object' && typeof (key as TestKeyPair).jwk === 'object';

export async function startJwksServer(keys: readonly (TestKeyPair | Record<string, unknown>)[] = []): Promise<JwksServer> {
  let body = '';
  let mode: JwksServerMode = 'ok';
  let requestCount = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const setKeys = (next: readonly (TestKeyPair | Record<string, unknown>)[]): void => {
    body = JSON.stringify({ keys: next.map((key) => (isKeyPair(key) ? key.jwk : key)) });
  };
  setKeys(keys);

  const server = createServer((req, res) => {
    requestCount++;
    for (const waiter of waiters.filter((w) => requestCount >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    req.resume();
    switch (mode) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      case 'error':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('JWKS test server told to fail');
        return;
      case 'close':
        req.socket.destroy();
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
        return;
      case 'hang':
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/jwks`,
    port,
    get requestCount() {
      return requestCount;
    },
    setKeys,
    setMode: (next) => {
      mode = next;
    },
    waitForRequests: (count) =>
      requestCount >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      // Hanging requests would keep server.close() waiting forever.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
