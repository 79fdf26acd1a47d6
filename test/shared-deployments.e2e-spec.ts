import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apictlProject, describeWithProgram, openApiDocument, REDIS_SERVER, RedisServer, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { PORTICO_BASE, porticoDeploy, porticoList } from './support/admin-api.js';

/** Issue 22 item 2–3: replicas sharing their deployments through Redis (a real redis-server on loopback). */

const echo = (req: IncomingMessage, res: ServerResponse) => res.end(`${req.url}`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds, at most `withinMs`; returns how long it took (or throws, saying what was last seen). */
async function converges(what: string, check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < 2_000; i++) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > withinMs) break;
    await pause(10);
  }
  throw new Error(`${what}: not within ${withinMs} ms`);
}

describeWithProgram(REDIS_SERVER, 'shared deployments through Redis', () => {
  let redis: RedisServer;
  let backend: TestBackend;
  let root: string;
  const gateways: TestGateway[] = [];
  /** Each test shares its own deployment set (keyPrefix) on the one Redis. */
  let prefix = '';
  let tests = 0;
  beforeEach(() => {
    prefix = `test${++tests}`;
  });

  beforeAll(async () => {
    redis = await RedisServer.start();
    backend = await startBackend(echo);
    root = mkdtempSync(join(tmpdir(), 'portico-shared-'));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close().catch(() => undefined)));
    await redis?.close();
    await backend?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A replica: its own data dir (the local copy), the shared Redis. */
  async function replica(name: string, redisSettings: Record<string, unknown> = {}): Promise<TestGateway> {
    mkdirSync(join(root, name), { recursive: true });
    const gateway = await startTestGateway({
      dir: join(root, name),
      settings: { deploymentStore: { type: 'redis', redis: { url: redis.url, keyPrefix: prefix, connectTimeoutMs: 500, commandTimeoutMs: 1000, pollIntervalMs: 500, ...redisSettings } } },
    });
    gateways.push(gateway);
    return gateway;
  }

  async function stop(gateway: TestGateway): Promise<void> {
    await gateway.close();
    gateways.splice(gateways.indexOf(gateway), 1);
  }

  const api = (title: string, basePath: string, target = backend.url) => openApiDocument({ title, version: 'v1', basePath, production: [target] });
  const serves = (gateway: TestGateway, path: string, body?: string) => async () => {
    const answer = await gateway.request(path);
    return answer.status === 200 && (body === undefined || answer.text === body);
  };
  const gone = (gateway: TestGateway, path: string) => async () => (await gateway.request(path)).status === 404;

  it('a deploy through one replica is served by the other within 1 s; an undeploy likewise', async () => {
    const a = await replica('a1');
    const b = await replica('b1');
    expect((await porticoDeploy(a, api('Shared', '/shared'))).status).toBe(201);
    expect((await a.request('/shared/x')).text).toBe('/x');
    await converges('served by the other replica', serves(b, '/shared/x', '/x'), 1_000);
    expect((await porticoList(b)).list.map((i) => i.name)).toEqual(['Shared']);

    expect((await b.admin(`${PORTICO_BASE}/apis/Shared/v1`, { method: 'DELETE' })).status).toBe(204);
    await converges('undeployed on the other replica', gone(a, '/shared/x'), 1_000);
    const status = JSON.parse((await a.admin(`${PORTICO_BASE}/deployments/store`)).text);
    expect(status).toEqual({ type: 'redis', acceptingChanges: true, revision: 2 });
    await Promise.all([stop(a), stop(b)]);
  });

  it('a replica stopped while three deploys are made serves all three when it starts again', async () => {
    const a = await replica('a2');
    let b = await replica('b2');
    await stop(b);
    for (const n of [1, 2, 3]) expect((await porticoDeploy(a, api(`Missed${n}`, `/missed${n}`))).status).toBe(201);
    b = await replica('b2');
    for (const n of [1, 2, 3]) expect((await b.request(`/missed${n}/y`)).text).toBe('/y');
    await Promise.all([stop(a), stop(b)]);
  });

  it('racing deploys of one API through both replicas leave one consistent winner everywhere', async () => {
    const a = await replica('a3');
    const b = await replica('b3');
    for (let round = 0; round < 5; round++) {
      const [viaA, viaB] = await Promise.all([
        porticoDeploy(a, api('Raced', '/raced', `${backend.url}/from-a${round}`), { override: true }),
        porticoDeploy(b, api('Raced', '/raced', `${backend.url}/from-b${round}`), { override: true }),
      ]);
      expect([viaA.status, viaB.status].every((s) => s === 200 || s === 201)).toBe(true);
      // Both were committed, one after the other: whichever was last is what both replicas serve.
      await converges('same answer on both replicas', async () => {
        const [fromA, fromB] = await Promise.all([a.request('/raced/z'), b.request('/raced/z')]);
        return fromA.text === fromB.text && /^\/from-[ab]\d\/z$/.test(fromA.text);
      }, 1_000);
      const definitions = await Promise.all([a, b].map((g) => g.admin(`${PORTICO_BASE}/apis/Raced/v1/definition`).then((r) => r.text)));
      expect(definitions[0]).toBe(definitions[1]);
    }
    const [statusA, statusB] = await Promise.all([a, b].map(async (g) => JSON.parse((await g.admin(`${PORTICO_BASE}/deployments/store`)).text)));
    expect(statusA.revision).toBe(statusB.revision);
    expect(await redis.command('GET', `${prefix}:deployments:revision`)).toBe(String(statusA.revision));
    await Promise.all([stop(a), stop(b)]);
  });

  it('Redis killed under load: no request fails, deploys answer 503, and everything resumes when Redis is back', async () => {
    const a = await replica('a4');
    const b = await replica('b4');
    expect((await porticoDeploy(a, api('Steady', '/steady'))).status).toBe(201);
    await converges('served by both', serves(b, '/steady/s', '/s'), 1_000);

    // About 100 requests a second on each replica, bounded, for as long as Redis is down and back.
    let loading = true;
    const failures: string[] = [];
    let answered = 0;
    const load = async (gateway: TestGateway) => {
      for (let i = 0; loading && i < 2_000; i++) {
        const answer = await gateway.request('/steady/s').catch((error: Error) => ({ status: 0, text: error.message }));
        if (answer.status === 200) answered++;
        else failures.push(`${answer.status} ${answer.text}`);
        await pause(10);
      }
    };
    const loads = [load(a), load(b)];
    await redis.kill('SIGKILL');
    await converges('refusing deploys', async () => JSON.parse((await a.admin(`${PORTICO_BASE}/deployments/store`)).text).acceptingChanges === false, 5_000);
    const refused = await porticoDeploy(a, api('Refused', '/refused'));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'admin.store-unavailable' });
    expect((await b.admin(`${PORTICO_BASE}/apis/Steady/v1`, { method: 'DELETE' })).status).toBe(503);
    // What an alert would watch.
    const scraped = (await a.admin('/metrics')).text;
    expect(scraped).toContain('portico_deployment_store_accepting_changes{store="redis"} 0');
    expect(scraped).toMatch(/^portico_deployment_revision 1$/m);
    await pause(300);

    await redis.restart();
    await converges('accepting deploys again', async () => JSON.parse((await b.admin(`${PORTICO_BASE}/deployments/store`)).text).acceptingChanges === true, 10_000);
    expect((await porticoDeploy(b, api('After', '/after'))).status).toBe(201);
    await converges('served by the other replica', serves(a, '/after/t', '/t'), 1_000);
    loading = false;
    await Promise.all(loads);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    // Nothing acknowledged was lost: a new replica starting from Redis alone serves both, and not the refused one.
    const fresh = await replica('c4');
    expect((await fresh.request('/steady/s')).status).toBe(200);
    expect((await fresh.request('/after/t')).status).toBe(200);
    expect((await fresh.request('/refused/r')).status).toBe(404);
    await Promise.all([stop(a), stop(b), stop(fresh)]);
  });

  it('a replica starting while Redis is down serves its local copy, refuses deploys, and catches up when Redis returns', async () => {
    const a = await replica('a5');
    expect((await porticoDeploy(a, api('Copied', '/copied'))).status).toBe(201);
    await stop(a);
    await redis.kill('SIGKILL');
    const again = await replica('a5');
    expect((await again.request('/copied/c')).status).toBe(200);
    const status = JSON.parse((await again.admin(`${PORTICO_BASE}/deployments/store`)).text);
    expect(status).toMatchObject({ type: 'redis', acceptingChanges: false, problem: expect.stringContaining('unreachable') });
    expect((await porticoDeploy(again, api('Early', '/early'))).status).toBe(503);

    await redis.restart();
    await converges('accepting deploys', async () => JSON.parse((await again.admin(`${PORTICO_BASE}/deployments/store`)).text).acceptingChanges === true, 10_000);
    const other = await replica('b5');
    expect((await porticoDeploy(other, api('Later', '/later'))).status).toBe(201);
    await converges('caught up', serves(again, '/later/l', '/l'), 1_000);
    expect((await again.request('/copied/c')).status).toBe(200);
    await Promise.all([stop(again), stop(other)]);
  });

  it("a replica's own apisDir project gives way to a shared deployment on its base path, as to an admin deploy", async () => {
    const project = join(root, 'a6', 'apis', 'local');
    const definition = openApiDocument({ title: 'Local', version: 'v1', basePath: '/local', production: [`${backend.url}/file`] });
    for (const [name, content] of Object.entries(apictlProject({ name: 'Local', version: 'v1', context: '/local', productionUrl: `${backend.url}/file`, definition }))) {
      mkdirSync(join(project, name, '..'), { recursive: true });
      writeFileSync(join(project, name), content);
    }
    const a = await replica('a6');
    const b = await replica('b6');
    expect((await a.request('/local/q')).text).toBe('/file/q');
    expect((await b.request('/local/q')).status).toBe(404);
    expect((await porticoDeploy(b, api('Shared', '/local', `${backend.url}/shared`))).status).toBe(201);
    await converges('the shared deployment served', serves(a, '/local/q', '/shared/q'), 1_000);
    expect((await porticoList(a)).list.map((i) => i.name)).toEqual(['Shared']);
    await Promise.all([stop(a), stop(b)]);
  });

  it('a replica Redis refuses (wrong password) starts from its local copy and says why, in the store status', async () => {
    const guarded = await RedisServer.start();
    try {
      await guarded.command('CONFIG', 'SET', 'requirepass', 'the-right-one');
      const refused = await replica('wrong-password', { url: guarded.url.replace('redis://', 'redis://:not-it@') });
      const status = JSON.parse((await refused.admin(`${PORTICO_BASE}/deployments/store`)).text);
      expect(status).toMatchObject({ acceptingChanges: false, problem: expect.stringMatching(/unreachable \(WRONGPASS/) });
      expect((await porticoDeploy(refused, api('Refused', '/refused'))).status).toBe(503);
      await stop(refused);
    } finally {
      await guarded.close();
    }
  });

  it('seeds an empty Redis from a replica that already has deployments (moving from the file store)', async () => {
    const dir = join(root, 'seeder');
    mkdirSync(dir);
    const filed = await startTestGateway({ dir });
    expect((await porticoDeploy(filed, api('Moved', '/moved'))).status).toBe(201);
    await filed.close();
    const seeded = await startTestGateway({ dir, settings: { deploymentStore: { type: 'redis', redis: { url: redis.url, keyPrefix: 'moved' } } } });
    gateways.push(seeded);
    expect((await seeded.request('/moved/m')).status).toBe(200);
    expect(await redis.command('GET', 'moved:deployments:revision')).toBe('1');
    const other = await replica('moved-b', { keyPrefix: 'moved' });
    expect((await other.request('/moved/m')).status).toBe(200);
    await Promise.all([stop(seeded), stop(other)]);
  });
});
