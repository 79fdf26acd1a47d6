import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { issueCertificate } from '#gateway';
import { call, openApiDocument, startBackend, startTestGateway, type TestGateway } from '#testing';
import { type AdminErrorBody, PORTICO_BASE } from './support/admin-api.js';
import { eventually } from './support/waiting.js';

interface MemberView {
  url: string;
  state: 'healthy' | 'unhealthy' | 'ejected';
  since?: string;
  ejectedUntil?: string;
  lastError?: string;
  lastErrorAt?: string;
  ejections: number;
  activeRequests: number;
}

interface ClusterView {
  id: string;
  api: { id: string; name: string; version: string };
  endpointSets: string[];
  connectorType: string;
  policy: string;
  balancer: string;
  healthChecks: string;
  panic: boolean;
  members: MemberView[];
}

/** A backend that says its name, and can be stopped and started again on the same port. */
class NamedBackend {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly name: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((_req, res) => res.end(this.name));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  }
}

describe('cluster health: probes, the admin health view and its reset (issue 16)', () => {
  const a = new NamedBackend('A');
  const b = new NamedBackend('B');
  let gw: TestGateway;
  let clusterId: string;

  const clusters = async (query = '?apiName=Health'): Promise<{ total: number; list: ClusterView[] }> => {
    const res = await gw.admin(`${PORTICO_BASE}/clusters${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const cluster = async (): Promise<ClusterView> => {
    const res = await gw.admin(`${PORTICO_BASE}/clusters/${clusterId}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const memberB = (view: ClusterView): MemberView => view.members.find((m) => m.url === b.url) as MemberView;
  const answers = async (count: number): Promise<string[]> => {
    const seen: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await gw.request('/lb/anything');
      seen.push(`${res.status} ${res.text}`);
    }
    return seen;
  };

  beforeAll(async () => {
    await a.start();
    await b.start();
    gw = await startTestGateway({
      settings: { upstream: { healthChecks: { intervalMs: 100, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 2 } } },
    });
    const document = openApiDocument({ title: 'Health', version: '1.0.0', basePath: '/lb', production: [a.url, b.url] });
    const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await a.stop();
    await b.stop();
  });

  it('lists the cluster of a load-balanced set of two URLs, probed by TCP, every member healthy', async () => {
    const { total, list } = await clusters();
    expect(total).toBe(1);
    expect(list[0]).toMatchObject({
      api: { name: 'Health', version: '1.0.0' },
      endpointSets: ['PRODUCTION'],
      connectorType: 'rest',
      policy: 'LOAD_BALANCE',
      balancer: 'round-robin',
      healthChecks: 'tcp',
      panic: false,
      members: [
        { url: a.url, state: 'healthy', ejections: 0 },
        { url: b.url, state: 'healthy', ejections: 0 },
      ],
    });
    expect(list[0].id).toMatch(/^[0-9a-f]{12}$/);
    clusterId = list[0].id;
    expect((await clusters('?apiName=Health&apiVersion=1.0.0')).total).toBe(1);
    expect(await clusters('?apiName=Other')).toEqual({ total: 0, list: [] });
    expect(await clusters('?apiName=Health&apiVersion=2.0.0')).toEqual({ total: 0, list: [] });
    expect(new Set(await answers(6))).toEqual(new Set(['200 A', '200 B']));
  });

  it('shows a stopped backend unhealthy with its last error, while the other answers every request', async () => {
    await b.stop();
    const view = await eventually(cluster, (v) => memberB(v).state !== 'healthy');
    expect(memberB(view)).toMatchObject({ state: 'unhealthy', lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(memberB(view).since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(view.panic).toBe(false);
    expect(await answers(20)).toEqual(new Array(20).fill('200 A'));
  });

  it('takes the backend back once it passes its probes again on the same port', async () => {
    await b.start();
    const view = await eventually(cluster, (v) => memberB(v).state === 'healthy');
    expect(memberB(view).lastError).toMatch(/ECONNREFUSED/);
    await eventually(() => answers(4), (seen) => seen.includes('200 B'));
  });

  it('keeps the cluster and its health state across a redeploy that leaves it unchanged', async () => {
    const document = openApiDocument({ title: 'Health', version: '1.0.0', basePath: '/lb', production: [a.url, b.url], paths: { '/*': ['get'] } });
    const res = await gw.admin(`${PORTICO_BASE}/apis?override=true`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
    expect(res.status).toBe(200);
    const view = await cluster();
    expect(memberB(view).lastError).toMatch(/ECONNREFUSED/);
  });

  it('resets a cluster: every member healthy and its history gone', async () => {
    const res = await gw.admin(`${PORTICO_BASE}/clusters/${clusterId}/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    const view = res.json<ClusterView>();
    expect(view.id).toBe(clusterId);
    expect(view.members.map((m) => [m.state, m.ejections, m.lastError, m.since])).toEqual([
      ['healthy', 0, undefined, undefined],
      ['healthy', 0, undefined, undefined],
    ]);
  });

  it('refuses every health route without admin credentials', async () => {
    const port = gw.running.ports.admin ?? 0;
    for (const [method, path] of [
      ['GET', `${PORTICO_BASE}/clusters`],
      ['GET', `${PORTICO_BASE}/clusters/${clusterId}`],
      ['POST', `${PORTICO_BASE}/clusters/${clusterId}/reset`],
    ]) {
      const res = await call({ port, method, path });
      expect(res.status).toBe(401);
      expect(res.json<AdminErrorBody>().code).toBe('admin.unauthorized');
    }
  });

  it('answers 404 for a cluster id that no live cluster has', async () => {
    for (const res of [
      await gw.admin(`${PORTICO_BASE}/clusters/000000000000`),
      await gw.admin(`${PORTICO_BASE}/clusters/000000000000/reset`, { method: 'POST' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json<AdminErrorBody>()).toEqual({ status: 404, code: 'admin.cluster-not-found', message: 'no live cluster has the id 000000000000' });
    }
  });

  it('ejects a member passively after consecutive connection failures when probes are off', async () => {
    const c = new NamedBackend('C');
    await c.start();
    await c.stop();
    const document = openApiDocument({
      title: 'Passive',
      basePath: '/passive',
      paths: { '/*': ['get'] },
      extra: { 'x-wso2-production-endpoints': { urls: [a.url, c.url], 'x-portico-health-check': { enabled: false } } },
    });
    const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
    expect(res.status).toBe(201);
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const answer = await gw.request('/passive/x');
      seen.push(`${answer.status} ${answer.text}`);
    }
    expect(seen).toEqual(new Array(10).fill('200 A'));
    const [passive] = (await clusters('?apiName=Passive')).list;
    expect(passive.healthChecks).toBe('off');
    expect(passive.members[1]).toMatchObject({ url: c.url, state: 'ejected', ejections: 1, lastError: expect.stringMatching(/^connect: .*ECONNREFUSED/) });
    expect(Date.parse(passive.members[1].ejectedUntil ?? '')).toBeGreaterThan(Date.now());
  });

  it('does not blame a member for clients that leave mid-request, nor eject it for them', async () => {
    const slow = createServer((_req, res) => setTimeout(() => res.end('late'), 1000).unref());
    slow.listen(0, '127.0.0.1');
    await once(slow, 'listening');
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const document = openApiDocument({
        title: 'Leavers',
        basePath: '/leavers',
        paths: { '/*': ['get'] },
        extra: { 'x-wso2-production-endpoints': { urls: [url, a.url], 'x-portico-load-balancer': 'round-robin', 'x-portico-health-check': { enabled: false } } },
      });
      const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
      expect(res.status).toBe(201);
      // Ten clients give up after 50 ms; half of them were waiting on the slow member.
      const port = gw.running.ports.http;
      await Promise.all(Array.from({ length: 10 }, () => leaveAfter(port, '/leavers/x', 50)));
      // Once the tries the clients left have ended, nothing counts against either member.
      const view = await eventually(
        async () => (await clusters('?apiName=Leavers')).list[0],
        (cluster) => cluster.members.every((m) => m.activeRequests === 0),
      );
      expect(view.members.map((m) => [m.state, m.ejections, m.lastError])).toEqual([
        ['healthy', 0, undefined],
        ['healthy', 0, undefined],
      ]);
    } finally {
      // The gateway keeps its connections to the backend alive: close them too.
      slow.closeAllConnections();
      await new Promise((done) => slow.close(done));
    }
  });

  it('probes an https endpoint with its TLS handshake: a certificate nobody trusts fails the probe', async () => {
    const ca = await issueCertificate({ commonName: 'Untrusted Test CA', ca: true });
    const leaf = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca });
    const secure = await startBackend((_req, res) => res.end('S'), { tls: { cert: leaf.cert, key: leaf.key } });
    try {
      const document = openApiDocument({ title: 'Secure', basePath: '/secure', production: [secure.url, a.url], paths: { '/*': ['get'] } });
      const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
      expect(res.status).toBe(201);
      const list = await eventually(
        () => clusters('?apiName=Secure'),
        (found) => found.list[0]?.members[0].state === 'unhealthy',
      );
      expect(list.list[0].members[0].lastError).toMatch(/^probe: .*(certificate|UNABLE_TO_VERIFY)/i);
    } finally {
      await secure.close();
    }
  });

  it('rejects invalid filters with 422', async () => {
    const res = await gw.admin(`${PORTICO_BASE}/clusters?apiName=`);
    expect(res.status).toBe(422);
    expect(res.json<AdminErrorBody>().code).toBe('admin.parameter-invalid');
    // Unknown parameters are treated as the API list treats them.
    const listed = await gw.admin(`${PORTICO_BASE}/apis?bogus=1`);
    const health = await gw.admin(`${PORTICO_BASE}/clusters?bogus=1`);
    expect(health.status).toBe(listed.status);
  });
});

/** A GET whose client closes its connection after `ms`, before any answer. */
function leaveAfter(port: number, path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: 'localhost' } });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.end();
    setTimeout(() => req.destroy(), ms);
  });
}
