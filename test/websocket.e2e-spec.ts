import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import WebSocket, { WebSocketServer } from 'ws';
import {
  accessTokenClaims,
  ccFixture,
  describeWithCcFixtures,
  generateTestKeyPair,
  signJwt,
  startTestGateway,
  type TestGateway,
  type TestKeyPair,
  withRootKeys,
  writeCertificatePem,
} from '#testing';

/**
 * WebSocket APIs (issue 18, spec §10.2), first slice: Choreo Connect's AsyncAPI test definitions
 * deployed against a real WebSocket backend; handshakes authenticated before any upgrade, frames
 * relayed both ways, channel mapping, failover on a refused member, 1001 at shutdown.
 */

const ISSUER = 'https://km.test/oauth2/token';

interface Handshake {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A backend echoing every message as it came (text stays text), recording each handshake. */
async function startEchoBackend(): Promise<{ url: string; port: number; handshakes: Handshake[]; server: WebSocketServer; close(): Promise<void> }> {
  const handshakes: Handshake[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024, handleProtocols: (offered) => (offered.has('chat.v2') ? 'chat.v2' : false) });
  server.on('connection', (socket, req) => {
    handshakes.push({ url: req.url ?? '', headers: req.headers });
    socket.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'close please') socket.close(4001, 'asked to close');
      else socket.send(data, { binary: isBinary });
    });
  });
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    handshakes,
    server,
    close: () => new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function connect(url: string, options: { token?: string; protocols?: string[] } = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }, maxPayload: 64 * 1024 * 1024 });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The HTTP answer to a handshake the gateway refuses. */
function refusal(url: string, token?: string): Promise<{ status: number; body: string }> {
  const socket = new WebSocket(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('open', () => reject(new Error('upgraded')));
    socket.once('error', () => undefined);
  });
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })));
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

describeWithCcFixtures('WebSocket APIs (spec §10.2)', () => {
  let dir: string;
  let key: TestKeyPair;
  let backend: Awaited<ReturnType<typeof startEchoBackend>>;
  let gw: TestGateway;
  let base: string;

  const token = (extra: Record<string, unknown> = {}): string => signJwt(accessTokenClaims({ issuer: ISSUER, extra }), { key });
  /** A fixture against `url`, on its own base path (an AsyncAPI file deployed alone names none: apictl's api.yaml would). */
  const fixture = (name: string, url: string, keys: Record<string, unknown> = {}): string =>
    withRootKeys(ccFixture(`integration/asyncAPIs/${name}`).replace(/ws:\/\/mockBackend:2360/g, url), { 'x-wso2-basePath': `/${name.split('_')[1]}`, ...keys });
  const deploy = async (name: string, url: string): Promise<string> => {
    const definition = fixture(name, url);
    const res = await gw.admin('/portico/v1/apis?override=true', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition });
    expect([name, res.status < 300 ? 'deployed' : res.text]).toEqual([name, 'deployed']);
    return res.json<{ basePath: string }>().basePath;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-ws-'));
    key = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    backend = await startEchoBackend();
    gw = await startTestGateway({
      settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] }, upstream: { websocket: { idleTimeoutMs: 2000, drainTimeoutMs: 300 } } },
    });
    base = `ws://127.0.0.1:${gw.running.ports.http}`;
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('relays text, binary, a 5 MB message, ping and pong, and close codes both ways', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const socket = await connect(`${base}${basePath}/chat`, { token: token(), protocols: ['chat.v1', 'chat.v2'] });
    expect(socket.protocol).toBe('chat.v2');
    socket.send('hello');
    expect(await nextMessage(socket)).toEqual({ data: Buffer.from('hello'), isBinary: false });
    socket.send(Buffer.from([0, 1, 2, 255]));
    expect(await nextMessage(socket)).toEqual({ data: Buffer.from([0, 1, 2, 255]), isBinary: true });
    const large = Buffer.alloc(5 * 1024 * 1024, 7);
    socket.send(large);
    expect((await nextMessage(socket)).data.equals(large)).toBe(true);
    const pong = new Promise<Buffer>((resolve) => socket.once('pong', resolve));
    socket.ping('are you there');
    expect((await pong).toString()).toBe('are you there');
    const ended = closed(socket);
    socket.send('close please');
    expect(await ended).toEqual({ code: 4001, reason: 'asked to close' });
    // The backend saw the handshake at the endpoint's base path (no x-uri-mapping: the topic is not appended).
    expect(backend.handshakes.at(-1)?.url).toBe('/v2/');
  });

  it('serves wss:// on the HTTPS listener', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const socket = new WebSocket(`wss://127.0.0.1:${gw.running.ports.https}${basePath}/x`, { headers: { authorization: `Bearer ${token()}` }, rejectUnauthorized: false });
    await once(socket, 'open');
    socket.send('over TLS');
    expect((await nextMessage(socket)).data.toString()).toBe('over TLS');
    const ended = closed(socket);
    socket.close(4003, 'done');
    expect(await ended).toEqual({ code: 4003, reason: 'done' });
  });

  it('passes the client close code and reason to the backend', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const socket = await connect(`${base}${basePath}/x`, { token: token() });
    const backendSide = [...backend.server.clients].at(-1)!;
    const seen = new Promise<{ code: number; reason: string }>((resolve) => backendSide.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
    socket.close(4100, 'bye from the client');
    expect(await seen).toEqual({ code: 4100, reason: 'bye from the client' });
  });

  it('maps channels to backend paths: {uri.var.x} from the path, the client query kept, no mapping → /', async () => {
    const basePath = await deploy('websocket_topic_asyncAPI.yaml', backend.url);
    const check = async (path: string): Promise<string | undefined> => {
      const socket = await connect(`${base}${basePath}${path}`, { token: token() });
      const url = backend.handshakes.at(-1)?.url;
      socket.close();
      await closed(socket);
      return url;
    };
    expect(await check('/rooms/room1')).toBe('/v2/rooms?room=room1');
    expect(await check('/rooms/room1?lang=en')).toBe('/v2/rooms?room=room1&lang=en');
    expect(await check('/notifications')).toBe('/v2/notifications');
    expect(await check('/noMapping')).toBe('/v2/');
  });

  it('answers a handshake without a valid token with the 401 of spec §16.1, the backend never contacted', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const before = backend.handshakes.length;
    const missing = await refusal(`${base}${basePath}/chat`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ code: '900901' });
    expect((await refusal(`${base}${basePath}/chat`, 'not.a.token')).status).toBe(401);
    expect((await refusal(`${base}/nowhere/1.0.0/chat`, token())).status).toBe(404);
    expect(backend.handshakes.length).toBe(before);
  });

  it('takes a browser\'s token from the access_token parameter or a portico.bearer.<token> protocol, and never forwards it', async () => {
    const basePath = await deploy('websocket_topic_asyncAPI.yaml', backend.url);
    const jwt = token();
    const byQuery = await connect(`${base}${basePath}/rooms/r1?access_token=${jwt}&lang=en`);
    const viaQuery = backend.handshakes.at(-1)!;
    expect([viaQuery.url, viaQuery.headers.authorization]).toEqual(['/v2/rooms?room=r1&lang=en', undefined]);
    byQuery.close();
    const byProtocol = await connect(`${base}${basePath}/rooms/r2`, { protocols: [`portico.bearer.${jwt}`, 'chat.v2'] });
    const viaProtocol = backend.handshakes.at(-1)!;
    expect([viaProtocol.headers['sec-websocket-protocol'], viaProtocol.headers.authorization, byProtocol.protocol]).toEqual(['chat.v2', undefined, 'chat.v2']);
    byProtocol.close();
    expect((await refusal(`${base}${basePath}/rooms/r3?access_token=forged`)).status).toBe(401);
  });

  it('answers a plain HTTP request to a WebSocket API with 426 Upgrade Required', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const res = await gw.request(`${basePath}/chat`, { headers: { authorization: `Bearer ${token()}` } });
    expect([res.status, res.headers.upgrade]).toEqual([426, 'websocket']);
  });

  it('moves a handshake that cannot connect to the next member', async () => {
    const dead = await closedPort();
    const withFailover = fixture('websocket_basic_asyncAPI.yaml', backend.url, {
      info: { title: 'WebSocketFailover', version: '1.0.0' },
      'x-wso2-basePath': '/failover',
      'x-wso2-production-endpoints': { urls: [`ws://127.0.0.1:${dead}/v2`, `${backend.url}/v2`], type: 'failover' },
    });
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: withFailover });
    expect(res.status).toBe(201);
    const socket = await connect(`${base}${res.json<{ basePath: string }>().basePath}/x`, { token: token() });
    socket.send('still here');
    expect((await nextMessage(socket)).data.toString()).toBe('still here');
    socket.close();
  });

  it('closes a connection silent both ways for upstream.websocket.idleTimeoutMs', async () => {
    const basePath = await deploy('websocket_basic_asyncAPI.yaml', backend.url);
    const socket = await connect(`${base}${basePath}/x`, { token: token() });
    const started = Date.now();
    const ended = await closed(socket);
    expect(ended).toEqual({ code: 1000, reason: 'idle timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('keeps a connection of an undeployed API until upstream.websocket.drainTimeoutMs, then closes it with 1001', async () => {
    const definition = fixture('websocket_basic_asyncAPI.yaml', backend.url, { info: { title: 'WebSocketDrained', version: '1.0.0' }, 'x-wso2-basePath': '/drained' });
    expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition })).status).toBe(201);
    const socket = await connect(`${base}/drained/x`, { token: token() });
    const ended = closed(socket);
    expect((await gw.admin('/portico/v1/apis/WebSocketDrained/1.0.0', { method: 'DELETE' })).status).toBe(204);
    socket.send('after the undeploy');
    expect((await nextMessage(socket)).data.toString()).toBe('after the undeploy');
    expect((await ended).code).toBe(1001);
    expect((await refusal(`${base}/drained/x`, token())).status).toBe(404);
  });

  it('closes both sides with 1009 on a message over upstream.websocket.maxMessageBytes, and logs one line naming the API and the side', async () => {
    const small = await startTestGateway({ settings: { security: { issuers: gw.settings.security.issuers }, upstream: { websocket: { maxMessageBytes: 1024 } } } });
    const warnings: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    try {
      const definition = fixture('websocket_basic_asyncAPI.yaml', backend.url);
      const res = await small.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition });
      const socket = await connect(`ws://127.0.0.1:${small.running.ports.http}${res.json<{ basePath: string }>().basePath}/x`, { token: token() });
      const received = backend.handshakes.length;
      socket.send(Buffer.alloc(1024));
      expect((await nextMessage(socket)).data.length).toBe(1024);
      const ended = closed(socket);
      socket.send(Buffer.alloc(1025));
      expect((await ended).code).toBe(1009);
      while (!warnings.some((w) => w.includes('1009'))) await new Promise((r) => setTimeout(r, 10));
      expect(warnings.filter((w) => w.includes('1009'))).toEqual([expect.stringMatching(/closed with 1009 \(message too big\): the client broke the rules, for .+:.+ \/\* via ws:\/\/127\.0\.0\.1:/)]);
      expect(backend.handshakes.length).toBe(received);
    } finally {
      spy.mockRestore();
      await small.destroy().catch(() => undefined);
    }
  });

  it('closes live connections with 1001 when the gateway shuts down', async () => {
    const other = await startTestGateway({ settings: { security: { issuers: gw.settings.security.issuers }, dataPlane: { shutdownDelayMs: 0 } } });
    try {
      const definition = fixture('websocket_basic_asyncAPI.yaml', backend.url);
      const res = await other.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition });
      const socket = await connect(`ws://127.0.0.1:${other.running.ports.http}${res.json<{ basePath: string }>().basePath}/x`, { token: token() });
      const ended = closed(socket);
      await other.close();
      expect((await ended).code).toBe(1001);
    } finally {
      await other.destroy().catch(() => undefined);
    }
  });
});
