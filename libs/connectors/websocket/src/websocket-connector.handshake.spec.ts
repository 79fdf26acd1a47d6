import { once } from 'node:events';
import { type ClientRequest, createServer as createHttpServer, type IncomingMessage, request as httpRequest } from 'node:http';
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { GatewayListeners, type ResponseHead, type UpstreamRequest } from '#core';
import { type UpgradeDriver, startUpgradeDriver } from './upgrade-driver.spec-support.js';
import { closedPort, startWsBackend, type WsBackend } from './websocket-backend.spec-support.js';
import { specFor, wsFactoryWith } from './websocket-connector-factory.spec-support.js';
import type { WebSocketConnector } from './websocket-connector.js';

/** What a client that asked for an upgrade got instead. */
async function refusedHandshake(url: string): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  const client = new WebSocket(url);
  client.on('error', () => undefined);
  const [request, response] = (await once(client, 'unexpected-response')) as [ClientRequest, IncomingMessage];
  let body = '';
  for await (const chunk of response) body += String(chunk);
  request.destroy();
  return { status: response.statusCode ?? 0, headers: response.headers, body };
}

/** A TCP server that accepts connections, reads them and never answers. */
async function startSilentServer(): Promise<{ port: number; sockets: Socket[]; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket.on('error', () => undefined).resume()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    close: () => new Promise((done) => (sockets.forEach((s) => s.destroy()), server.close(() => done()))),
  };
}

describe('websocket connector: handshakes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const driverFor = async (url: string, tweak?: Parameters<typeof wsFactoryWith>[0], listeners?: GatewayListeners, timeoutMs?: number): Promise<UpgradeDriver> => {
    const connector = wsFactoryWith(tweak, listeners).create(specFor([url]));
    const driver = await startUpgradeDriver(connector, timeoutMs);
    cleanups.push(() => driver.close(), () => connector.dispose());
    return driver;
  };
  let backend: WsBackend;

  beforeAll(async () => {
    backend = await startWsBackend({
      verifyClient: (info, done) => (info.req.url === '/forbidden' ? done(false, 403, 'Forbidden here', { 'x-reason': 'no-entry' }) : done(true)),
    });
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  afterAll(() => backend.close());

  it('passes a backend refusal (403) to the client as the handshake response; outcome refused', async () => {
    const driver = await driverFor(backend.url);
    const refused = await refusedHandshake(`ws://127.0.0.1:${driver.port}/forbidden`);
    expect(refused).toMatchObject({ status: 403, body: 'Forbidden here', headers: { 'x-reason': 'no-entry', connection: 'close' } });
    expect(driver.outcomes).toEqual([{ kind: 'refused', statusCode: 403 }]);
    expect(driver.ended()).toBe(0);
  });

  it('passes at most 64 KiB of a refusal body', async () => {
    const http = createHttpServer().on('upgrade', (_req, socket: Socket) => {
      socket.end(`HTTP/1.1 500 Internal Server Error\r\ncontent-length: 100000\r\nx-backend: yes\r\n\r\n${'x'.repeat(100_000)}`);
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    cleanups.push(() => new Promise((done) => http.close(() => done())));
    const driver = await driverFor(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const refused = await refusedHandshake(`ws://127.0.0.1:${driver.port}/`);
    expect([refused.status, refused.body.length, refused.headers['x-backend']]).toEqual([500, 64 * 1024, 'yes']);
    expect(driver.outcomes).toEqual([{ kind: 'refused', statusCode: 500 }]);
  });

  it('reports a backend that is down as a connect failure and leaves the client socket to the data plane', async () => {
    const driver = await driverFor(`ws://127.0.0.1:${await closedPort()}`);
    const answer = await refusedHandshake(`ws://127.0.0.1:${driver.port}/`);
    expect([answer.status, answer.body]).toEqual([502, 'connect']);
    expect(driver.outcomes).toEqual([{ kind: 'failure', failure: 'connect', cause: expect.objectContaining({ code: 'ECONNREFUSED' }) }]);
  });

  it('reports a backend that does not complete its handshake in time as a timeout', async () => {
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    const driver = await driverFor(`ws://127.0.0.1:${silent.port}`, undefined, undefined, 200);
    const answer = await refusedHandshake(`ws://127.0.0.1:${driver.port}/`);
    expect([answer.status, answer.body]).toEqual([502, 'timeout']);
  });

  it('on cancellation before the backend answered drops the backend connection and reports aborted', async () => {
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    const driver = await driverFor(`ws://127.0.0.1:${silent.port}`);
    const answer = refusedHandshake(`ws://127.0.0.1:${driver.port}/`);
    while (silent.sockets.length === 0) await new Promise((r) => setTimeout(r, 5));
    const backendClosed = once(silent.sockets[0], 'close');
    driver.cancelAll();
    expect((await answer).status).toBe(502);
    expect(driver.outcomes).toEqual([expect.objectContaining({ kind: 'failure', failure: 'aborted' })]);
    await backendClosed;
  });

  it('answers an invalid client handshake with 400 without contacting the backend', async () => {
    const driver = await driverFor(backend.url);
    const before = backend.paths.length;
    const request = httpRequest({
      port: driver.port,
      host: '127.0.0.1',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'not a key', 'sec-websocket-version': '13' },
    }).end();
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    let body = '';
    for await (const chunk of response) body += String(chunk);
    expect([response.statusCode, body]).toEqual([400, 'Missing or invalid Sec-WebSocket-Key header']);
    expect(driver.outcomes).toEqual([{ kind: 'answered', statusCode: 400 }]);
    expect(backend.paths.length).toBe(before);
  });

  it('refuses at connect time destinations upstream.destinations denies, by address and by name', async () => {
    const port = Number(new URL(backend.url).port);
    const before = backend.paths.length;
    const listeners = new GatewayListeners();
    const byAddress = await driverFor(backend.url, undefined, listeners);
    // As if the data plane had been given this port after the deploy.
    listeners.record({ setting: 'dataPlane.httpPort', host: '0.0.0.0', port });
    expect((await refusedHandshake(`ws://127.0.0.1:${byAddress.port}/`)).body).toBe('denied');
    const byName = await driverFor(`ws://localhost:${port}`, (s) => (s.upstream.destinations.deny = ['127.0.0.0/8', '::1']));
    expect((await refusedHandshake(`ws://127.0.0.1:${byName.port}/`)).body).toBe('denied');
    expect(byName.outcomes).toEqual([expect.objectContaining({ cause: expect.objectContaining({ message: expect.stringMatching(/^localhost resolves to/) }) })]);
    expect(backend.paths.length).toBe(before);
  });

  it('answers a plain HTTP request with 426 Upgrade Required', async () => {
    const connector: WebSocketConnector = wsFactoryWith().create(specFor([backend.url]));
    cleanups.push(() => connector.dispose());
    let head: ResponseHead | undefined;
    let body = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((body += String(chunk)), done()) });
    const outcome = await connector.forward({ endpoint: 0, path: '/', body: null } as unknown as UpstreamRequest, {
      accept: (h) => ((head = h), sink),
    });
    expect(outcome).toEqual({ kind: 'response', statusCode: 426 });
    expect(head).toMatchObject({ statusCode: 426, headers: { upgrade: 'websocket' } });
    expect(body).toMatch(/WebSocket/);
  });

  it('closes the backend with 1001 and reports aborted when the client left before the backend accepted', async () => {
    let clientGone: Promise<unknown> = Promise.resolve();
    let handshakeSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (handshakeSeen = resolve));
    const slow = await startWsBackend({
      verifyClient: (_info, done) => {
        handshakeSeen();
        void clientGone.then(() => done(true));
      },
    });
    cleanups.push(() => slow.close());
    const backendClosed = new Promise<unknown[]>((resolve) => slow.server.once('connection', (ws) => resolve(once(ws, 'close'))));
    const driver = await driverFor(slow.url);
    const client = connectRaw(driver.port);
    clientGone = once(client, 'close');
    // The client leaves once the backend holds the handshake (a fixed wait was too short on a loaded machine).
    await seen;
    client.destroy();
    expect((await backendClosed)[0]).toBe(1001);
    while (driver.outcomes.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(driver.outcomes).toEqual([expect.objectContaining({ kind: 'failure', failure: 'aborted' })]);
  });
});

/** A client that sends a valid handshake over a raw socket and reads nothing. */
function connectRaw(port: number): Socket {
  const socket = createConnection({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  socket.write(
    'GET / HTTP/1.1\r\nhost: gw\r\nconnection: Upgrade\r\nupgrade: websocket\r\n' +
      'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n',
  );
  return socket;
}
