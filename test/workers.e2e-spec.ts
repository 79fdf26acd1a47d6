import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ADMIN_AUTH, call, type CallResult, freePorts, GatewayProcess, openApiDocument, startBackend, startTestGateway, type TestBackend, writeTestConfig } from '#testing';
import { runLoad } from './support/concurrent-load.js';
import { GatewayLog } from './support/gateway-log.js';
import { Scrape } from './support/prometheus-scrape.js';

/**
 * Issue 22 item 1: `workers: N` runs N data-plane processes (node:cluster) behind one primary
 * holding the admin API. Real child processes, real signals; which process answered a request
 * is read where an operator would read it: the JSON log, whose lines carry their process's pid.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOCALHOST = { host: 'localhost' };
const START_TIMEOUT_MS = 60_000;

interface Started {
  readonly gateway: GatewayProcess;
  readonly log: GatewayLog;
  readonly ports: { http: number; admin: number };
  readonly workerPids: number[];
}

async function startWorkers(dir: string, settings: Record<string, unknown> = {}): Promise<Started> {
  const [http, admin] = await freePorts(2);
  const logFile = join(dir, 'gateway.log');
  const config = writeTestConfig(dir, {
    workers: 2,
    dataPlane: { httpPort: http, httpsEnabled: false, shutdownDelayMs: 200, drainTimeoutMs: 60_000 },
    admin: { port: admin },
    logging: { level: 'log', format: 'json', destination: logFile },
    // A dead backend stays in rotation: every request to it is answered 503 and logged.
    upstream: { outlierDetection: { enabled: false } },
    ...settings,
  });
  const gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: http, timeoutMs: START_TIMEOUT_MS });
  const log = new GatewayLog(logFile);
  const [, pids] = await log.waitForMessage(/^\d+ workers listening \(pids ([\d, ]+)\)$/);
  await log.waitForMessage(/^ready \(pid \d+\): http :\d+, admin :\d+$/);
  return { gateway, log, ports: { http, admin }, workerPids: pids.split(', ').map(Number) };
}

/** Whether `pid` is a running process (the gateway's workers are its children: reaped when they exit). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('workers: 2 (child processes)', () => {
  let dir: string;
  let backend: TestBackend;
  let held: ServerResponse[];
  let deadPort: number;
  let gw: Started;

  const get = (path: string): Promise<CallResult> => call({ port: gw.ports.http, path, headers: LOCALHOST });
  const admin = (method: string, path: string, body?: string): Promise<CallResult> =>
    call({ port: gw.ports.admin, method, path, body, headers: { authorization: ADMIN_AUTH, 'content-type': 'application/yaml' } });
  const deploy = async (title: string, basePath: string, production: string, paths?: Record<string, string[]>): Promise<void> => {
    const answer = await admin('POST', '/portico/v1/apis', openApiDocument({ title, basePath, production: [production], paths }));
    expect([answer.status, answer.text]).toEqual([201, expect.any(String)]);
  };
  /** Statuses of `count` requests from 4 clients, each request on a connection of its own. */
  const statuses = async (path: string, count: number): Promise<number[]> => {
    const seen: number[] = [];
    let sent = 0;
    const client = async (): Promise<void> => {
      while (sent < count) {
        sent++;
        seen.push((await get(path)).status);
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    return seen;
  };
  /**
   * Waits (bounded) until `count` requests in a row answer `status`. The workers accept new
   * connections from one shared socket, so with this many each has answered some of them.
   */
  const servedEverywhere = async (path: string, status: number, count = 40): Promise<number[]> => {
    let seen: number[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      seen = await statuses(path, count);
      if (seen.every((s) => s === status)) return seen;
      await pause(50);
    }
    return seen;
  };
  /** The pid of the process that answered a request to the dead backend: its `upstream failure` line names the request id. */
  const answeredBy = async (): Promise<number> => {
    const answer = await get('/down/x');
    expect(answer.status).toBe(503);
    const id = String(answer.headers['x-request-id']);
    return (await gw.log.waitFor((line) => line.msg.includes('upstream failure') && line.msg.includes(`[request ${id}]`), `for request ${id}`)).pid;
  };
  /** The processes seen answering requests, each on a new connection, until all of `expected` have been seen (at most 100 requests). */
  const answering = async (expected: readonly number[]): Promise<number[]> => {
    const pids = new Set<number>();
    for (let i = 0; i < 100 && !expected.every((pid) => pids.has(pid)); i++) pids.add(await answeredBy());
    return [...pids].sort();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-workers-'));
    held = [];
    backend = await startBackend((req, res) => {
      if (req.url?.startsWith('/slow')) return held.push(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ backend: 'orders' }));
    });
    [deadPort] = await freePorts(1);
    gw = await startWorkers(dir);
    await deploy('Down', '/down', `http://127.0.0.1:${deadPort}`);
    await deploy('Held', '/held', backend.url);
  }, 120_000);

  afterAll(async () => {
    held.splice(0).forEach((res) => res.end());
    await gw?.gateway.kill('SIGKILL');
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready once both workers listen, and requests over new connections are answered by both', async () => {
    expect((await get('/ready')).status).toBe(200);
    expect(gw.workerPids).toHaveLength(2);
    expect(gw.workerPids).not.toContain(gw.gateway.pid);
    // Both workers serve the APIs deployed through the primary, and both take new connections.
    expect(await servedEverywhere('/down/x', 503)).toEqual(Array(40).fill(503));
    expect(await answering(gw.workerPids)).toEqual([...gw.workerPids].sort());
  }, 120_000);

  it('serves a deploy made through the admin API in every worker, and an undeploy likewise', async () => {
    await deploy('Orders', '/orders', backend.url);
    expect(await servedEverywhere('/orders/list', 200)).toEqual(Array(40).fill(200));
    const removed = await admin('DELETE', '/portico/v1/apis/Orders/1.0.0');
    expect(removed.status).toBe(204);
    expect(await servedEverywhere('/orders/list', 404)).toEqual(Array(40).fill(404));
  }, 120_000);

  it('refuses, in the primary, an endpoint pointing back at the port the workers listen on', async () => {
    const answer = await admin('POST', '/portico/v1/apis', openApiDocument({ title: 'Loop', basePath: '/loop', production: [`http://127.0.0.1:${gw.ports.http}/loop`] }));
    expect(answer.status).toBe(422);
    expect(answer.json<{ problems: { message: string }[] }>().problems[0].message).toContain(`is the gateway's own listener dataPlane.httpPort (127.0.0.1:${gw.ports.http})`);
  }, 60_000);

  it('serves /metrics from the primary with the traffic of every worker added up', async () => {
    // Counted per resource: /warm shows every worker serves the API; /counted is then counted from zero.
    await deploy('Counted', '/counted', backend.url, { '/warm': ['get'], '/counted': ['get'] });
    expect(await servedEverywhere('/counted/warm', 200)).toEqual(Array(40).fill(200));
    const counted = async (): Promise<number> => {
      const answer = await call({ port: gw.ports.admin, path: '/metrics', headers: { authorization: ADMIN_AUTH } });
      expect(answer.status).toBe(200);
      const samples = Scrape.parse(answer.text).all('portico_requests_total', { api: 'Counted', resource: '/counted' });
      return samples.reduce((sum, sample) => sum + sample.value, 0);
    };
    expect(await statuses('/counted/counted', 60)).toEqual(Array(60).fill(200));
    // Counted as each response ends, which may be a moment after the client has read it.
    let total = await counted();
    for (let i = 0; i < 100 && total < 60; i++) {
      await pause(50);
      total = await counted();
    }
    expect(total).toBe(60);
  }, 120_000);

  it('replaces a worker killed under load: only its requests in flight fail, and the new one serves the deployments', async () => {
    await deploy('Steady', '/steady', backend.url);
    expect(await servedEverywhere('/steady/x', 200)).toEqual(Array(40).fill(200));
    const [victim, survivor] = gw.workerPids;
    const concurrency = 4;
    const outcomes = await runLoad({
      total: 400,
      concurrency,
      send: () => get('/steady/x'),
      after: { completed: 100, run: async () => process.kill(victim, 'SIGKILL') },
    });
    const failures = Object.entries(outcomes).filter(([outcome]) => outcome !== 'orders');
    expect(failures.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(concurrency);
    expect(outcomes.orders).toBeGreaterThanOrEqual(400 - concurrency);

    const replaced = new RegExp(`^worker ${victim} exited \\(signal SIGKILL\\); started worker (\\d+) in its place$`);
    const replacement = Number((await gw.log.waitForMessage(replaced))[1]);
    await gw.log.waitForMessage(new RegExp(`^worker ${replacement} listening, in place of worker ${victim}$`));
    expect(await servedEverywhere('/steady/x', 200)).toEqual(Array(40).fill(200));
    expect(await answering([replacement, survivor])).toEqual([replacement, survivor].sort());
    gw = { ...gw, workerPids: [survivor, replacement] };
  }, 120_000);

  it('drains every worker on SIGTERM to the primary: the request in flight completes, every process exits, code 0', async () => {
    const answer = get('/held/slow');
    answer.catch(() => undefined);
    for (let i = 0; i < 400 && held.length === 0; i++) await pause(25);
    expect(held).toHaveLength(1);
    process.kill(gw.gateway.pid, 'SIGTERM');
    // The listeners close once the shutdown delay is over; the held request is still being served.
    await gw.log.waitForMessage(/^Draining: listeners closed, 1 request\(s\) in flight/);
    held.splice(0).forEach((res) => res.end(JSON.stringify({ backend: 'slow' })));
    const finished = await answer;
    expect([finished.status, finished.text]).toEqual([200, '{"backend":"slow"}']);
    expect(await gw.gateway.exited).toBe('exit 0');
    expect(gw.workerPids.filter(running)).toEqual([]);
  }, 120_000);
});

describe('the workers setting (child processes)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-workers-setting-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('`auto` starts one worker per available core', async () => {
    const cores = availableParallelism();
    const [http, admin] = await freePorts(2);
    const logFile = join(dir, 'gateway.log');
    const config = writeTestConfig(dir, { workers: 'auto', dataPlane: { httpPort: http }, admin: { port: admin }, logging: { level: 'log', format: 'json', destination: logFile } });
    const gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: http, timeoutMs: START_TIMEOUT_MS });
    try {
      const log = new GatewayLog(logFile);
      const line = cores > 1 ? /^(\d+) workers listening/ : /^ready \(pid \d+\)/;
      const [, count] = await log.waitForMessage(line);
      if (cores > 1) expect(Number(count)).toBe(cores);
      expect((await call({ port: http, path: '/health', headers: LOCALHOST })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  }, 120_000);

  it('says once that the data-plane port is in use, and exits 78', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const config = writeTestConfig(dir, { workers: 2, dataPlane: { httpPort: port } });
      const gateway = GatewayProcess.run({ args: ['--config', config] });
      expect(await gateway.exited).toBe('exit 78');
      const lines = gateway.log.split('\n').filter((l) => l.includes('EADDRINUSE'));
      expect(lines).toEqual([`dataPlane.httpPort: 127.0.0.1:${port} is already in use (EADDRINUSE); choose another port or stop the process using it`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

  it('stops cleanly when every process gets SIGTERM at once (systemd, kill of the process group): no worker is replaced', async () => {
    const started = await startWorkers(dir);
    for (const pid of [...started.workerPids, started.gateway.pid]) process.kill(pid, 'SIGTERM');
    expect(await started.gateway.exited).toBe('exit 0');
    expect(started.workerPids.filter(running)).toEqual([]);
    expect(readFileSync(join(dir, 'gateway.log'), 'utf8')).not.toMatch(/in its place/);
  }, 120_000);

  it('says that workers is not applied when a gateway is started in process with startGateway (one process)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const gateway = await startTestGateway({ dir, settings: { workers: 2 } });
    try {
      expect(warn.mock.calls.map(([message]) => String(message))).toContain('workers: 2 is not applied: startGateway runs one process; runGatewayProcess runs workers');
      expect((await gateway.request('/health')).status).toBe(200);
    } finally {
      warn.mockRestore();
      await gateway.close();
    }
  });

  it.each([[0], ['lots'], [65]])('refuses `workers: %p` with exit code 78 and one line naming workers', async (workers) => {
    const config = writeTestConfig(dir, { workers });
    const gateway = GatewayProcess.run({ args: ['--config', config] });
    expect(await gateway.exited).toBe('exit 78');
    const lines = gateway.log.split('\n').filter((l) => l.includes('workers'));
    expect(lines).toEqual([expect.stringMatching(/^\s*- workers: .+ \(got .+\)$/)]);
  });
});
