import { once } from 'node:events';
import type { WebSocket } from 'ws';
import { encodeFrame } from './frame-encoding.spec-support.js';
import { RawWebSocketClient } from './raw-websocket-client.spec-support.js';
import { type UpgradeDriver, startUpgradeDriver } from './upgrade-driver.spec-support.js';
import { closeOf, startWsBackend, until, type WsBackend } from './websocket-backend.spec-support.js';
import { specFor, wsFactoryWith } from './websocket-connector-factory.spec-support.js';
import type { WebSocketConnector } from './websocket-connector.js';

const TEXT = 0x1;
const BINARY = 0x2;
const CONTINUATION = 0x0;
const PING = 0x9;

/** Frames as they go over the wire: fragments, split headers and frames that break the rules. */
describe('websocket connector: frames on the wire', () => {
  let backend: WsBackend;
  let connector: WebSocketConnector;
  let driver: UpgradeDriver;
  const clients: RawWebSocketClient[] = [];
  const connect = async (): Promise<{ client: RawWebSocketClient; server: WebSocket }> => {
    const before = backend.connections.length;
    const client = await RawWebSocketClient.open(driver.port, '/wire');
    clients.push(client);
    await until(() => backend.connections.length > before);
    return { client, server: backend.connections[before] };
  };

  beforeAll(async () => {
    backend = await startWsBackend({}, false);
    // The backend's own 101 headers (a cookie) reach the client.
    backend.server.on('headers', (headers) => headers.push('Set-Cookie: session=abc'));
    connector = wsFactoryWith((s) => (s.upstream.websocket.maxMessageBytes = 1000)).create(specFor([backend.url]));
    driver = await startUpgradeDriver(connector);
  });

  afterEach(() => clients.splice(0).forEach((c) => c.socket.destroy()));

  afterAll(async () => {
    await driver.close();
    await connector.dispose();
    await backend.close();
  });

  it('answers 101 with the accept value for the client key and the backend headers', async () => {
    const { client } = await connect();
    expect(client.responseHead).toMatch(/^HTTP\/1\.1 101 /);
    expect(client.responseHead).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(client.responseHead).toContain('Set-Cookie: session=abc');
  });

  it('passes a fragmented message with a ping between its fragments, and a frame written one byte at a time', async () => {
    const { client, server } = await connect();
    const message = once(server, 'message');
    const ping = once(server, 'ping');
    client.send(TEXT, 'frag', { fin: false });
    client.send(PING, 'between');
    client.send(CONTINUATION, 'mented', { fin: true });
    expect(String((await ping)[0])).toBe('between');
    expect(String((await message)[0])).toBe('fragmented');
    // A frame one byte per write: the gateway holds back a split header until it is whole.
    const split = once(server, 'message');
    for (const byte of encodeFrame({ opcode: BINARY, payload: Buffer.alloc(200, 5), masked: true })) {
      client.socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    expect(((await split)[0] as Buffer).equals(Buffer.alloc(200, 5))).toBe(true);
  });

  it('sends the backend fragments as fragments, unmerged', async () => {
    const { client, server } = await connect();
    server.send('abc', { fin: false });
    server.send('def', { fin: true });
    await until(() => client.frames.length === 2);
    expect(client.frames.map((f) => [f.opcode, f.fin, String(f.payload)])).toEqual([
      [TEXT, false, 'abc'],
      [CONTINUATION, true, 'def'],
    ]);
  });

  it('closes both sides with 1002 on an unmasked client frame, which never reaches the backend', async () => {
    const { client, server } = await connect();
    const received: unknown[] = [];
    server.on('message', (m) => received.push(m));
    const serverClosed = closeOf(server);
    client.send(TEXT, 'not masked', { masked: false });
    expect((await serverClosed).code).toBe(1002);
    await until(() => client.ended);
    expect(client.closeCode()).toBe(1002);
    expect(received).toEqual([]);
  });

  it('counts every fragment of a message against the maximum size: 1009 both sides', async () => {
    const { client, server } = await connect();
    const serverClosed = closeOf(server);
    client.send(BINARY, Buffer.alloc(600), { fin: false });
    client.send(CONTINUATION, Buffer.alloc(600), { fin: true });
    expect((await serverClosed).code).toBe(1009);
    await until(() => client.closeCode() !== undefined);
    expect(client.closeCode()).toBe(1009);
  });
});
