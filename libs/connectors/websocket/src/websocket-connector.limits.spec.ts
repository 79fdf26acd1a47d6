import { once } from 'node:events';
import { WebSocket } from 'ws';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { GatewayListeners } from '#core';
import { type UpgradeDriver, startUpgradeDriver } from './upgrade-driver.spec-support.js';
import { closeOf, openClient, startWsBackend, until, type WsBackend } from './websocket-backend.spec-support.js';
import { specFor } from './websocket-connector-factory.spec-support.js';
import { WebSocketConnector, type WebSocketConnectorOptions } from './websocket-connector.js';
import { WebSocketEndpoint } from './websocket-endpoint.js';

/** A connector on small limits, to the backend's single endpoint. */
function connectorFor(backend: WsBackend, options: WebSocketConnectorOptions): WebSocketConnector {
  const policy = new UpstreamDestinationPolicy(new GatewaySettings(), new GatewayListeners());
  return new WebSocketConnector([new WebSocketEndpoint(specFor([backend.url]).endpointSet.urls[0], {}, policy)], [], options);
}

describe('websocket connector: limits', () => {
  let backend: WsBackend;
  let connector: WebSocketConnector | undefined;
  let driver: UpgradeDriver | undefined;
  const clients: WebSocket[] = [];
  const connect = async (options: WebSocketConnectorOptions): Promise<{ client: WebSocket; server: WebSocket }> => {
    connector = connectorFor(backend, options);
    driver = await startUpgradeDriver(connector);
    const before = backend.connections.length;
    const client = await openClient(`ws://127.0.0.1:${driver.port}/`);
    clients.push(client);
    await until(() => backend.connections.length > before);
    return { client, server: backend.connections[before] };
  };

  beforeAll(async () => {
    backend = await startWsBackend();
  });

  afterEach(async () => {
    clients.splice(0).forEach((c) => c.terminate());
    await driver?.close();
    await connector?.dispose();
  });

  afterAll(() => backend.close());

  it('closes both sides with 1000 "idle timeout" when no frame passes for the idle time, and not before', async () => {
    const { client, server } = await connect({ maxMessageBytes: 1024, idleTimeoutMs: 300 });
    const clientClosed = closeOf(client);
    const serverClosed = closeOf(server);
    // Traffic keeps it open past the idle time.
    for (let i = 0; i < 6; i++) {
      client.ping();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(await clientClosed).toEqual({ code: 1000, reason: 'idle timeout' });
    expect(await serverClosed).toEqual({ code: 1000, reason: 'idle timeout' });
    await until(() => driver?.ended() === 1);
  });

  it('closes both sides with 1001 once the connection lifetime is reached, however busy', async () => {
    const { client, server } = await connect({ maxMessageBytes: 1024, idleTimeoutMs: 400, maxLifetimeMs: 500 });
    const clientClosed = closeOf(client);
    const serverClosed = closeOf(server);
    const started = Date.now();
    const traffic = setInterval(() => client.readyState === WebSocket.OPEN && client.ping(), 50);
    try {
      expect(await clientClosed).toEqual({ code: 1001, reason: 'connection lifetime reached' });
      expect(await serverClosed).toEqual({ code: 1001, reason: 'connection lifetime reached' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    } finally {
      clearInterval(traffic);
    }
  });

  it('closes with 1009 a client message over the maximum size, which never reaches the backend', async () => {
    const { client, server } = await connect({ maxMessageBytes: 1024, idleTimeoutMs: 60_000 });
    const received: Buffer[] = [];
    server.on('message', (data) => received.push(data as Buffer));
    const clientClosed = closeOf(client);
    const serverClosed = closeOf(server);
    client.send(Buffer.alloc(1024));
    client.send(Buffer.alloc(1025));
    expect((await clientClosed).code).toBe(1009);
    expect((await serverClosed).code).toBe(1009);
    expect(received.map((m) => m.length)).toEqual([1024]);
  });

  it('stops reading the backend while the client does not read, and delivers everything in order once it does', async () => {
    const { client, server } = await connect({ maxMessageBytes: 1024 * 1024, idleTimeoutMs: 60_000, bufferHighWaterMark: 256 * 1024 });
    const count = 128;
    const size = 256 * 1024;
    const total = count * size;
    client.pause();
    const message = Buffer.alloc(size);
    for (let i = 0; i < count; i++) server.send(Buffer.from(message.fill(i % 256, 0, 1)));
    // Wait until the backend's backlog stops shrinking: every buffer on the way is full.
    let last = -1;
    while (server.bufferedAmount !== last) {
      last = server.bufferedAmount;
      await new Promise((r) => setTimeout(r, 200));
    }
    const absorbed = total - server.bufferedAmount;
    const received: number[] = [];
    client.on('message', (data) => received.push((data as Buffer)[0]));
    client.resume();
    await until(() => received.length === count);
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i % 256));
    // Kernel socket buffers on the way hold a few MB; the gateway itself no more than its mark.
    expect(absorbed).toBeLessThan(total / 2);
  });

  it('dispose leaves live connections alone and refuses new handshakes', async () => {
    const { client } = await connect({ maxMessageBytes: 1024, idleTimeoutMs: 60_000 });
    await connector?.dispose();
    await connector?.dispose();
    client.send('still here');
    const [echo] = (await once(client, 'message')) as [Buffer];
    expect(String(echo)).toBe('still here');
    await expect(openClient(`ws://127.0.0.1:${driver?.port}/`)).rejects.toThrow(/502/);
    expect(driver?.outcomes.at(-1)).toMatchObject({ kind: 'failure', failure: 'aborted' });
  });
});
