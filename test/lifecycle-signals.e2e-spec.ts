import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_AUTH, call, type CallResult, freePorts, GatewayProcess, openApiDocument, startBackend, type TestBackend, writeTestConfig } from '#testing';

/**
 * Issue 13 item 10, the stopping half: after SIGTERM `/ready` answers 503 while the listeners
 * keep serving for `dataPlane.shutdownDelayMs`, then they stop accepting and drain; SIGTERM
 * sent to `npm start` reaches the gateway. Real child processes, real signals.
 */

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (at most `attempts` times) until it returns true; false if it never did. */
async function eventually(probe: () => Promise<boolean>, attempts = 400): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return true;
    await pause(25);
  }
  return false;
}

/** A backend that answers each request only when the test releases it. */
async function holdingBackend(): Promise<{ backend: TestBackend; held: ServerResponse[]; releaseAll: () => void }> {
  const held: ServerResponse[] = [];
  const backend = await startBackend((_req, res) => held.push(res));
  const releaseAll = () => held.splice(0).forEach((res) => res.end('released'));
  return { backend, held, releaseAll };
}

describe('stopping on SIGTERM and SIGINT (child process)', () => {
  let dir: string;
  let ports: { http: number; https: number; admin: number };
  let gateway: GatewayProcess | undefined;
  let hold: Awaited<ReturnType<typeof holdingBackend>>;

  beforeAll(async () => {
    hold = await holdingBackend();
  });
  afterAll(async () => {
    hold.releaseAll();
    await hold.backend.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-signals-'));
    const [http, https, admin] = await freePorts(3);
    ports = { http, https, admin };
  });
  afterEach(async () => {
    hold.releaseAll();
    await gateway?.kill('SIGKILL');
    gateway = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the gateway with these data-plane settings and one API proxying to the holding backend. */
  async function start(dataPlane: Record<string, unknown>): Promise<GatewayProcess> {
    const config = writeTestConfig(dir, {
      dataPlane: { httpPort: ports.http, httpsPort: ports.https, ...dataPlane },
      admin: { port: ports.admin },
      logging: { level: 'log' },
    });
    gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: ports.http });
    const body = openApiDocument({ title: 'Held', basePath: '/held', production: [hold.backend.url] });
    const deployed = await call({ port: ports.admin, path: '/portico/v1/apis', method: 'POST', body, headers: { authorization: ADMIN_AUTH, 'content-type': 'application/yaml' } });
    expect(deployed.status).toBe(201);
    return gateway;
  }

  const get = (path: string): Promise<CallResult> => call({ port: ports.http, path, headers: { host: 'localhost' } });
  const refused = (path = '/health') =>
    get(path).then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );
  /** A request that stays in flight until the backend is released; resolves once the backend holds it. */
  async function inFlight(): Promise<{ answer: Promise<CallResult> }> {
    const before = hold.held.length;
    const answer = get('/held/slow');
    answer.catch(() => undefined);
    expect(await eventually(async () => hold.held.length > before)).toBe(true);
    return { answer };
  }

  it('answers /ready with 503 while the listeners keep accepting and serving for dataPlane.shutdownDelayMs', async () => {
    const gw = await start({ shutdownDelayMs: 120_000 });
    process.kill(gw.pid, 'SIGTERM');
    expect(await eventually(async () => (await get('/ready').catch(() => undefined))?.status === 503)).toBe(true);
    // New connections are still accepted and served: only /ready tells the load balancer to leave.
    expect((await get('/health')).status).toBe(200);
    const { answer } = await inFlight();
    hold.releaseAll();
    const served = await answer;
    expect([served.status, served.text]).toEqual([200, 'released']);
    // Keep-alive clients are asked to reconnect, so none is left on a connection about to close.
    expect(served.headers.connection).toBe('close');
    expect(gw.log).toContain('/ready answers 503; the listeners keep serving for 120000 ms (dataPlane.shutdownDelayMs), then drain');
  });

  it('then stops accepting, lets the request in flight finish within drainTimeoutMs and exits 0', async () => {
    const gw = await start({ shutdownDelayMs: 200, drainTimeoutMs: 60_000 });
    const { answer } = await inFlight();
    let settled = false;
    void answer.finally(() => (settled = true)).catch(() => undefined);
    process.kill(gw.pid, 'SIGTERM');
    expect(await eventually(refused)).toBe(true);
    expect(settled).toBe(false);
    hold.releaseAll();
    const finished = await answer;
    expect([finished.status, finished.text]).toEqual([200, 'released']);
    expect(await gw.exited).toBe('exit 0');
    expect(gw.log).toContain('Draining: listeners closed, 1 request(s) in flight, up to 60000 ms (dataPlane.drainTimeoutMs)');
    expect(gw.log).toContain('Drained: every request in flight finished');
  });

  it('cuts what is still in flight at drainTimeoutMs and says how many requests it cut', async () => {
    const gw = await start({ shutdownDelayMs: 0, drainTimeoutMs: 100 });
    const { answer } = await inFlight();
    process.kill(gw.pid, 'SIGTERM');
    expect(await gw.exited).toBe('exit 0');
    await expect(answer).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(gw.log).toContain('Drain timed out: 1 request(s) still in flight were cut');
  });

  it('skips the delay on SIGINT (Ctrl-C): the listeners close at once', async () => {
    const gw = await start({ shutdownDelayMs: 120_000 });
    process.kill(gw.pid, 'SIGINT');
    // With the 120 s delay applied, this would outlast the test's timeout.
    expect(await gw.exited).toBe('exit 0');
    expect(gw.log).not.toContain('keep serving');
  });
});

/**
 * `npm start` runs its script through `sh -c`; npm forwards SIGTERM to that shell only. Debian's
 * dash does not hand its last command the process, so the shell died and the gateway kept
 * running, orphaned. The script `exec`s node now. `--ignore-scripts` skips `prestart` (install
 * and build, which the suite has done) and runs the same script line npm start runs.
 */
describe('SIGTERM sent to npm start (child process)', () => {
  it('stops the gateway too, gracefully, and npm exits with its code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-npm-start-'));
    const [http, https, admin] = await freePorts(3);
    const config = writeTestConfig(dir, { dataPlane: { httpPort: http, httpsPort: https }, admin: { port: admin }, logging: { level: 'log' } });
    const inherited = Object.entries(process.env).filter(([k]) => !k.startsWith('PORTICO_') && !k.startsWith('api_'));
    const npm = spawn('npm', ['start', '--ignore-scripts', '--', '--config', config], {
      cwd: process.cwd(),
      env: { ...Object.fromEntries(inherited), npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const npmExited = once(npm, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let gatewayPid: number | undefined;
    try {
      const started = await eventually(async () => {
        gatewayPid ??= Number(/ready \(pid (\d+)\)/.exec(output)?.[1]) || undefined;
        return gatewayPid !== undefined && (await call({ port: http, path: '/ready' }).catch(() => undefined))?.status === 200;
      }, 1200);
      expect([started, output]).toEqual([true, output]);
      expect(gatewayPid).not.toBe(npm.pid);

      npm.kill('SIGTERM');
      const [code, signal] = await npmExited;
      // npm waited for the gateway: by the time it exits, the gateway is gone and its port closed.
      expect(isAlive(gatewayPid!)).toBe(false);
      await expect(call({ port: http, path: '/health' })).rejects.toThrow(/ECONNREFUSED/);
      expect([code, signal, output]).toEqual([0, null, output]);
      expect(output).toContain('SIGTERM: stopping');
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      if (gatewayPid !== undefined && isAlive(gatewayPid)) process.kill(gatewayPid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
