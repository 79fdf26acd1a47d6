import { once } from 'node:events';
import type { WebSocket } from 'ws';
import { type UpgradeDriver, startUpgradeDriver } from './upgrade-driver.spec-support.js';
import { closeOf, openClient, startWsBackend, until, type WsBackend } from './websocket-backend.spec-support.js';
import { specFor, wsFactoryWith } from './websocket-connector-factory.spec-support.js';
import type { WebSocketConnector } from './websocket-connector.js';

describe('websocket connector: frames after the upgrade', () => {
  let backend: WsBackend;
  let connector: WebSocketConnector;
  let driver: UpgradeDriver;
  const clients: WebSocket[] = [];
  const connect = async (path = '/chat', protocols: string[] = []): Promise<{ client: WebSocket; server: WebSocket }> => {
    const before = backend.connections.length;
    const client = await openClient(`ws://127.0.0.1:${driver.port}${path}`, protocols);
    clients.push(client);
    await until(() => backend.connections.length > before);
    return { client, server: backend.connections[before] };
  };

  beforeAll(async () => {
    backend = await startWsBackend({ handleProtocols: (offered) => [...offered][1] ?? false });
    connector = wsFactoryWith().create(specFor([backend.url]));
    driver = await startUpgradeDriver(connector);
  });

  afterEach(() => clients.splice(0).forEach((c) => c.terminate()));

  afterAll(async () => {
    await driver.close();
    await connector.dispose();
    await backend.close();
  });

  it('echoes text as text and binary as binary, on the path the data plane chose', async () => {
    const { client } = await connect('/rooms?room=room1');
    expect(backend.paths.at(-1)).toBe('/rooms?room=room1');
    expect(driver.outcomes.at(-1)).toEqual({ kind: 'upgraded' });
    client.send('héllo');
    const [text, textIsBinary] = await once(client, 'message');
    expect([(text as Buffer).toString(), textIsBinary]).toEqual(['héllo', false]);
    client.send(Buffer.from([0, 1, 2, 255]));
    const [binary, binaryIsBinary] = await once(client, 'message');
    expect([[...(binary as Buffer)], binaryIsBinary]).toEqual([[0, 1, 2, 255], true]);
  });

  it('carries a 5 MB message both ways intact', async () => {
    const { client } = await connect();
    const big = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    client.send(big);
    const [echoed] = await once(client, 'message');
    expect((echoed as Buffer).equals(big)).toBe(true);
  });

  it('passes pings and pongs end to end, both ways, with their data', async () => {
    const { client, server } = await connect();
    const serverPing = once(server, 'ping');
    const clientPong = once(client, 'pong');
    client.ping('from client');
    expect(String((await serverPing)[0])).toBe('from client');
    expect(String((await clientPong)[0])).toBe('from client');
    const clientPing = once(client, 'ping');
    const serverPong = once(server, 'pong');
    server.ping('from backend');
    expect(String((await clientPing)[0])).toBe('from backend');
    expect(String((await serverPong)[0])).toBe('from backend');
  });

  it('passes the close code and reason from the client to the backend', async () => {
    const { client, server } = await connect();
    const endedBefore = driver.ended();
    const serverClosed = closeOf(server);
    const clientClosed = closeOf(client);
    client.close(4001, 'client leaves');
    expect(await serverClosed).toEqual({ code: 4001, reason: 'client leaves' });
    expect(await clientClosed).toEqual({ code: 4001, reason: 'client leaves' });
    await until(() => driver.ended() === endedBefore + 1);
  });

  it('passes the close code and reason from the backend to the client; a close without code stays one', async () => {
    const first = await connect();
    const clientClosed = closeOf(first.client);
    first.server.close(4002, 'backend leaves');
    expect(await clientClosed).toEqual({ code: 4002, reason: 'backend leaves' });
    const second = await connect();
    const noCode = closeOf(second.client);
    second.server.close();
    expect(await noCode).toEqual({ code: 1005, reason: '' });
  });

  it('closes the client without a code when the backend connection breaks', async () => {
    const { client, server } = await connect();
    const clientClosed = closeOf(client);
    server.terminate();
    expect((await clientClosed).code).toBe(1005);
  });

  it('gives the client the sub-protocol the backend chose', async () => {
    const { client, server } = await connect('/chat', ['v1.chat', 'v2.chat', 'v3.chat']);
    expect(server.protocol).toBe('v2.chat');
    expect(client.protocol).toBe('v2.chat');
  });

  it('on cancellation (shutdown, drain) closes both sides with 1001 and ends once', async () => {
    const { client, server } = await connect();
    const endedBefore = driver.ended();
    const clientClosed = closeOf(client);
    const serverClosed = closeOf(server);
    driver.cancelAll();
    expect((await clientClosed).code).toBe(1001);
    expect((await serverClosed).code).toBe(1001);
    await until(() => driver.ended() === endedBefore + 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(driver.ended()).toBe(endedBefore + 1);
  });
});
