import { once } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { ADMIN_AUTH, basicAuth, openApiDocument, startTestGateway, type TestGateway } from '#testing';
import { type AdminErrorBody, bearerToken, PORTICO_BASE } from './support/admin-api.js';
import { ControlledBackend } from './support/controlled-backend.js';
import { webSocketApi } from './support/websocket-backends.js';
import { within } from './support/waiting.js';

/**
 * The admin event stream (issue 18 item 5): `GET /portico/v1/events` on the admin listener, a
 * WebSocket authenticated like the admin API before any upgrade, streaming deploys, undeploys,
 * endpoint health changes and drained clusters of a real gateway.
 */

const EVENTS = '/portico/v1/events';
const ALL_TYPES = ['api.deployed', 'api.undeployed', 'endpoint.health', 'cluster.panic', 'cluster.drained'];

interface StreamMessage {
  readonly type: string;
  readonly sequence: number;
  readonly at: string;
  readonly [field: string]: unknown;
}

interface ConnectOptions {
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly protocols?: string[];
  /** wss:// on the same port (the admin listener answers both). */
  readonly tls?: boolean;
}

/** A subscriber's messages as they arrive; `next` waits for the first one not yet taken that matches. */
class Stream {
  readonly received: StreamMessage[] = [];
  private taken = 0;
  private wake: (() => void) | undefined;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString()) as StreamMessage);
      this.wake?.();
    });
  }

  async next(match: (m: StreamMessage) => boolean, what: string): Promise<StreamMessage> {
    return within(
      (async () => {
        for (;;) {
          const index = this.received.findIndex((m, i) => i >= this.taken && match(m));
          if (index >= 0) {
            this.taken = index + 1;
            return this.received[index];
          }
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      })(),
      what,
    );
  }

  closed(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 0, reason: 'already closed' });
    return new Promise((resolve) => this.socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  async close(): Promise<void> {
    const ended = this.closed();
    this.socket.close();
    await ended;
  }
}

function eventsUrl(gw: TestGateway, options: ConnectOptions): string {
  return `${options.tls === true ? 'wss' : 'ws'}://127.0.0.1:${gw.running.ports.admin}${EVENTS}${options.query ?? ''}`;
}

function open(gw: TestGateway, options: ConnectOptions): WebSocket {
  return new WebSocket(eventsUrl(gw, options), options.protocols ?? [], { headers: options.headers ?? {}, rejectUnauthorized: false });
}

/** Connects and waits for the hello, which comes first. */
async function subscribe(gw: TestGateway, options: ConnectOptions = { headers: { authorization: ADMIN_AUTH } }): Promise<{ stream: Stream; hello: StreamMessage }> {
  const socket = open(gw, options);
  const stream = new Stream(socket);
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake answered ${res.statusCode ?? 0}`)));
      socket.once('error', reject);
    }),
    'the handshake',
  );
  const hello = await stream.next(() => true, 'the hello');
  return { stream, hello };
}

/** The plain HTTP answer to a handshake that is refused; rejects when it is upgraded. */
function refusal(gw: TestGateway, options: ConnectOptions): Promise<{ status: number; headers: IncomingHttpHeaders; body: AdminErrorBody }> {
  const socket = open(gw, options);
  return within(
    new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as AdminErrorBody }));
      });
      socket.once('open', () => {
        socket.terminate();
        reject(new Error('upgraded'));
      });
      socket.once('error', () => undefined);
    }),
    'the refusal',
  );
}

/** A WebSocket backend that echoes text. */
async function startEchoBackend(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('admin event stream (GET /portico/v1/events)', () => {
  let gw: TestGateway;
  let backend: ControlledBackend;
  let steady: ControlledBackend;
  let echo: Awaited<ReturnType<typeof startEchoBackend>>;

  const deploy = async (document: string, contentType = 'application/yaml', override = false): Promise<void> => {
    const res = await gw.admin(`${PORTICO_BASE}/apis${override ? '?override=true' : ''}`, { method: 'POST', headers: { 'content-type': contentType }, body: document });
    expect([res.status, res.status < 300 ? '' : res.text]).toEqual([override ? 200 : 201, '']);
  };
  const undeploy = async (name: string): Promise<void> => {
    expect((await gw.admin(`${PORTICO_BASE}/apis/${name}/1.0.0`, { method: 'DELETE' })).status).toBe(204);
  };

  beforeAll(async () => {
    backend = await ControlledBackend.start('B');
    steady = await ControlledBackend.start('S');
    echo = await startEchoBackend();
    gw = await startTestGateway({
      settings: {
        upstream: { healthChecks: { intervalMs: 100, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 2 }, websocket: { drainTimeoutMs: 300 } },
      },
    });
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    await steady?.close();
    await echo?.close();
  });

  describe('handshake', () => {
    it('refuses a handshake without credentials with the admin 401, before any upgrade', async () => {
      const res = await refusal(gw, {});
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Portico admin"');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ status: 401, code: 'admin.unauthorized' });
    });

    it('refuses a bad Bearer token and a wrong password with 401', async () => {
      const bearer = await refusal(gw, { headers: { authorization: 'Bearer not.a.token' } });
      expect(bearer.status).toBe(401);
      expect(bearer.body).toMatchObject({ code: 'admin.unauthorized', message: expect.stringMatching(/invalid admin token/) });
      const basic = await refusal(gw, { headers: { authorization: basicAuth('nobody', 'wrong') } });
      expect(basic.status).toBe(401);
      expect(basic.body.code).toBe('admin.unauthorized');
      const bearerEntry = await refusal(gw, { protocols: ['portico.events.v1', 'portico.bearer.not.a.token'] });
      expect(bearerEntry.status).toBe(401);
    });

    it('accepts HTTP Basic and says hello first: the last sequence number and the event types', async () => {
      const { stream, hello } = await subscribe(gw);
      expect(hello).toEqual({ type: 'hello', sequence: expect.any(Number), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), types: ALL_TYPES });
      expect(stream.socket.protocol).toBe('');
      await stream.close();
    });

    it('accepts the admin token as Bearer header, or offered as sub-protocol portico.bearer.<token> (selecting portico.events.v1)', async () => {
      const token = (await bearerToken(gw)).slice('Bearer '.length);
      const header = await subscribe(gw, { headers: { authorization: `Bearer ${token}` } });
      expect(header.hello.type).toBe('hello');
      await header.stream.close();
      const browser = await subscribe(gw, { protocols: ['portico.events.v1', `portico.bearer.${token}`] });
      expect(browser.hello.type).toBe('hello');
      expect(browser.stream.socket.protocol).toBe('portico.events.v1');
      await browser.stream.close();
      const withoutEvents = await refusal(gw, { protocols: [`portico.bearer.${token}`] });
      expect(withoutEvents.status).toBe(400);
      expect(withoutEvents.body.message).toMatch(/portico\.events\.v1/);
    });

    it('refuses a page of another origin even with valid credentials, and accepts its own origin', async () => {
      const foreign = await refusal(gw, { headers: { authorization: ADMIN_AUTH, origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('admin.origin-not-allowed');
      const own = await subscribe(gw, { headers: { authorization: ADMIN_AUTH, origin: `http://127.0.0.1:${gw.running.ports.admin}` } });
      await own.stream.close();
      const rebinding = await refusal(gw, { headers: { authorization: ADMIN_AUTH, host: 'evil.example' } });
      expect(rebinding.body.code).toBe('admin.host-not-allowed');
    });

    it('answers over TLS on the same admin port', async () => {
      const { stream, hello } = await subscribe(gw, { tls: true, headers: { authorization: ADMIN_AUTH } });
      expect(hello.type).toBe('hello');
      await stream.close();
      expect((await refusal(gw, { tls: true })).status).toBe(401);
    });

    it('filters by ?types= and refuses an unknown type with 400 listing the known ones', async () => {
      const { stream, hello } = await subscribe(gw, { query: '?types=api.undeployed,api.deployed', headers: { authorization: ADMIN_AUTH } });
      expect(hello.types).toEqual(['api.deployed', 'api.undeployed']);
      await stream.close();
      const res = await refusal(gw, { query: '?types=api.deployed,api.exploded', headers: { authorization: ADMIN_AUTH } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('admin.events-type-unknown');
      expect(res.body.message).toContain('api.exploded');
      for (const type of ALL_TYPES) expect(res.body.message).toContain(type);
    });

    it('closes a subscriber that sends anything with 1003 (the stream is one-way), and one sending over 4 KB with 1009', async () => {
      const { stream } = await subscribe(gw);
      const ended = stream.closed();
      stream.socket.send('{"event":"hello"}');
      expect((await within(ended, 'the close')).code).toBe(1003);
      const large = await subscribe(gw);
      const cut = large.stream.closed();
      large.stream.socket.send('x'.repeat(5000));
      expect((await within(cut, 'the close')).code).toBe(1009);
    });
  });

  describe('events', () => {
    it('reports a deploy, a redeploy and an undeploy made through the admin API, numbered in order', async () => {
      const { stream, hello } = await subscribe(gw);
      const document = openApiDocument({ title: 'Announced', basePath: '/announced', production: [backend.url] });
      await deploy(document);
      const deployed = await stream.next((m) => m.type === 'api.deployed', 'api.deployed');
      expect(deployed).toEqual({
        sequence: expect.any(Number),
        at: expect.any(String),
        type: 'api.deployed',
        api: { id: expect.any(String), name: 'Announced', version: '1.0.0' },
        basePath: '/announced',
        environments: ['Default'],
        vhosts: ['localhost'],
        created: true,
        origin: 'admin',
      });
      expect(deployed.sequence).toBeGreaterThan(hello.sequence);
      await deploy(document, 'application/yaml', true);
      const redeployed = await stream.next((m) => m.type === 'api.deployed', 'the redeploy');
      expect(redeployed).toMatchObject({ created: false, api: { name: 'Announced' } });
      expect(redeployed.sequence).toBeGreaterThan(deployed.sequence);
      await undeploy('Announced');
      const undeployed = await stream.next((m) => m.type === 'api.undeployed', 'api.undeployed');
      expect(undeployed).toMatchObject({ api: { name: 'Announced', version: '1.0.0' }, vhosts: ['localhost'], environments: ['Default'] });
      await stream.close();
    });

    it('reports a backend going unhealthy under health checks and healthy again, to a stream asking for endpoint.health only', async () => {
      const { stream } = await subscribe(gw, { query: '?types=endpoint.health', headers: { authorization: ADMIN_AUTH } });
      await deploy(openApiDocument({ title: 'Probed', basePath: '/probed', production: [backend.url, steady.url] }));
      const clusters = (await gw.admin(`${PORTICO_BASE}/clusters?apiName=Probed`)).json<{ list: { id: string; api: { id: string } }[] }>().list;
      expect(clusters).toHaveLength(1);
      await backend.kill();
      const down = await stream.next((m) => m.member === backend.url, 'endpoint.health to unhealthy');
      expect(down).toEqual({
        sequence: expect.any(Number),
        at: expect.any(String),
        type: 'endpoint.health',
        cluster: clusters[0].id,
        api: { id: clusters[0].api.id, name: 'Probed', version: '1.0.0' },
        member: backend.url,
        from: 'healthy',
        to: 'unhealthy',
        cause: 'probe',
        // A probe already connected when the backend died sees the reset, the next ones the refusal.
        lastError: expect.stringMatching(/ECONNREFUSED|ECONNRESET/),
      });
      await backend.restart();
      const up = await stream.next((m) => m.member === backend.url, 'endpoint.health back to healthy');
      expect(up).toMatchObject({ cluster: clusters[0].id, from: 'unhealthy', to: 'healthy', cause: 'probe' });
      await undeploy('Probed');
      expect(stream.received.every((m) => m.type === 'hello' || m.type === 'endpoint.health')).toBe(true);
      await stream.close();
    });

    it('reports a retired cluster closing a held WebSocket connection with 1001 at its drain deadline', async () => {
      const { stream } = await subscribe(gw, { query: '?types=cluster.drained,api.undeployed', headers: { authorization: ADMIN_AUTH } });
      await deploy(webSocketApi('Drained', '/drained', echo.url), 'application/json');
      const client = new WebSocket(`ws://127.0.0.1:${gw.running.ports.http}/drained/room`, { headers: { host: 'localhost' } });
      await within(once(client, 'open'), 'the data-plane WebSocket');
      const ended = new Promise<number>((resolve) => client.once('close', (code: number) => resolve(code)));
      await undeploy('Drained');
      const undeployed = await stream.next((m) => m.type === 'api.undeployed', 'api.undeployed');
      expect(await within(ended, 'the 1001 at the drain deadline')).toBe(1001);
      const drained = await stream.next((m) => m.type === 'cluster.drained', 'cluster.drained');
      expect(drained).toMatchObject({ cluster: expect.stringMatching(/^[0-9a-f]{12}$/), api: { name: 'Drained', version: '1.0.0' }, closed: 1 });
      expect(drained.sequence).toBeGreaterThan(undeployed.sequence);
      await stream.close();
    });
  });

  describe('limits and shutdown', () => {
    let small: TestGateway;
    /** Subscribers the first test leaves open for the shutdown. */
    const held: Stream[] = [];

    beforeAll(async () => {
      small = await startTestGateway({ settings: { admin: { events: { maxSubscribers: 2 }, limits: { headersTimeoutMs: 1000 } } } });
    });

    afterAll(async () => {
      await small?.destroy().catch(() => undefined);
    });

    it('refuses a subscriber over admin.events.maxSubscribers with 503, and takes one again once a slot is free', async () => {
      const first = await subscribe(small);
      const second = await subscribe(small);
      const full = await refusal(small, { headers: { authorization: ADMIN_AUTH } });
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({ code: 'admin.events-subscribers-full', message: expect.stringContaining('admin.events.maxSubscribers') });
      await second.stream.close();
      let again: Awaited<ReturnType<typeof subscribe>> | undefined;
      for (let i = 0; i < 50 && again === undefined; i++) {
        again = await subscribe(small).catch(() => undefined);
        if (again === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(again?.hello.type).toBe('hello');
      held.push(first.stream, again!.stream);
    });

    it('keeps a stream open past admin.limits.headersTimeoutMs: the deadlines of requests end at the upgrade', async () => {
      if (held.length === 0) held.push((await subscribe(small)).stream);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      for (const stream of held) expect(stream.socket.readyState).toBe(WebSocket.OPEN);
    });

    it('closes every subscriber with 1001 when the gateway shuts down', async () => {
      const ended = held.map((s) => s.closed());
      await within(small.close(), 'the shutdown');
      for (const end of await Promise.all(ended)) expect(end.code).toBe(1001);
    });
  });
});
