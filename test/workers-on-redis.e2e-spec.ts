import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_AUTH, call, describeWithProgram, freePorts, REDIS_SERVER, GatewayProcess, openApiDocument, RedisServer, startBackend, startTestGateway, type TestBackend, type TestGateway, writeTestConfig } from '#testing';
import { PORTICO_BASE, porticoDeploy } from './support/admin-api.js';

/**
 * Issue 22: both at once — a gateway with `workers: 2` (a child process) and a single-process
 * replica sharing their deployments through Redis. Only the primary talks to Redis; its workers
 * follow the local copy it keeps, on its word.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const echo = (req: IncomingMessage, res: ServerResponse) => res.end(`${req.url}`);

describeWithProgram(REDIS_SERVER, 'workers on a replica sharing Redis', () => {
  let redis: RedisServer;
  let backend: TestBackend;
  let root: string;
  let workers: GatewayProcess;
  let replica: TestGateway;
  let http: number;
  let admin: number;

  beforeAll(async () => {
    redis = await RedisServer.start();
    backend = await startBackend(echo);
    root = mkdtempSync(join(tmpdir(), 'portico-workers-redis-'));
    const store = { type: 'redis', redis: { url: redis.url, pollIntervalMs: 500 } };
    [http, admin] = await freePorts(2);
    mkdirSync(join(root, 'workers'));
    const config = writeTestConfig(join(root, 'workers'), { workers: 2, deploymentStore: store, dataPlane: { httpPort: http, httpsEnabled: false }, admin: { port: admin } });
    workers = await GatewayProcess.start({ args: ['--config', config], httpPort: http, timeoutMs: 60_000 });
    mkdirSync(join(root, 'replica'));
    replica = await startTestGateway({ dir: join(root, 'replica'), settings: { deploymentStore: store } });
  });

  afterAll(async () => {
    await replica?.close();
    await workers?.stop();
    await redis?.close();
    await backend?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Every answer of `count` requests, each on a new connection (so both workers answer some). */
  async function answers(path: string, count = 20): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < count; i++) {
      const answer = await call({ port: http, path, headers: { host: 'localhost', connection: 'close' } });
      seen.push(`${answer.status} ${answer.text}`);
    }
    return seen;
  }

  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await pause(20);
    }
    throw new Error(`${what}: not within 2 s`);
  }

  it("serves in every worker what another replica deployed, and the replica serves the workers' primary's undeploy", async () => {
    expect((await porticoDeploy(replica, openApiDocument({ title: 'Everywhere', version: 'v1', basePath: '/everywhere', production: [backend.url] }))).status).toBe(201);
    await until(async () => (await answers('/everywhere/a', 4)).every((a) => a === '200 /a'), 'served by the workers');
    expect(new Set(await answers('/everywhere/a'))).toEqual(new Set(['200 /a']));

    const removed = await call({ port: admin, path: `${PORTICO_BASE}/apis/Everywhere/v1`, method: 'DELETE', headers: { authorization: ADMIN_AUTH } });
    expect(removed.status).toBe(204);
    await until(async () => (await replica.request('/everywhere/a')).status === 404, 'undeployed on the replica');
    expect(new Set((await answers('/everywhere/a')).map((a) => a.slice(0, 3)))).toEqual(new Set(['404']));
  });
});
