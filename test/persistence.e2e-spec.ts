import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { call, freePorts, GatewayProcess, openApiDocument, startBackend, startTestGateway, writeTestConfig, zipProject, type TestBackend, type TestGateway, apictlProject } from '#testing';
import { adapterDeploy, adapterList, adapterUndeploy, PORTICO_BASE, porticoDeploy, porticoList, type PorticoListBody } from './support/admin-api.js';

/** Issue 2 item 7: deploys and undeploys survive restarts and crashes (temp file, fsync, rename). */

const echoPath = (req: IncomingMessage, res: ServerResponse) => res.end(`${req.method} ${req.url}`);

const deploymentsDir = (gw: TestGateway) => join(gw.dir, 'data', 'deployments');

describe('persistence across restarts (in process)', () => {
  let backend: TestBackend;
  let dir: string;
  let gw: TestGateway | undefined;

  beforeAll(async () => {
    backend = await startBackend(echoPath);
    dir = mkdtempSync(join(tmpdir(), 'portico-persist-'));
  });

  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
    await backend.close();
  });

  async function restart(): Promise<TestGateway> {
    await gw?.close();
    gw = await startTestGateway({ dir });
    return gw;
  }

  const definition = stringify({ openapi: '3.0.3', info: { title: 'Zipped', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });

  it('serves and lists the same APIs after a restart, and an undeploy stays undone', async () => {
    let g = await restart();
    expect((await porticoDeploy(g, openApiDocument({ title: 'Kept', version: 'v1', basePath: '/kept', production: [`${backend.url}/k`] }))).status).toBe(201);
    expect((await porticoDeploy(g, openApiDocument({ title: 'Dropped', version: 'v1', basePath: '/dropped', production: [backend.url] }))).status).toBe(201);
    const zip = await zipProject('Zipped', apictlProject({ name: 'Zipped', version: 'v1', context: '/zipped', productionUrl: `${backend.url}/z`, definition }));
    expect((await adapterDeploy(g, zip)).status).toBe(200);
    // A replacement is what must come back, not the first version.
    const replacement = await zipProject('Zipped', apictlProject({ name: 'Zipped', version: 'v1', context: '/zipped', productionUrl: `${backend.url}/z2`, definition }));
    expect((await adapterDeploy(g, replacement, { override: true })).status).toBe(200);

    const paths = ['/kept/a?q=1', '/dropped/b', '/zipped/v1/c'];
    const answers = async (gateway: TestGateway) =>
      Promise.all(paths.map(async (p) => gateway.request(p).then((r) => `${r.status} ${r.text}`)));
    const before = await answers(g);
    expect(before).toEqual(['200 GET /k/a?q=1', '200 GET /b', '200 GET /z2/c']);
    const listed = await porticoList(g);
    const adapterListed = await adapterList(g);
    expect(listed.total).toBe(3);

    g = await restart();
    expect(await answers(g)).toEqual(before);
    expect(await porticoList(g)).toEqual(listed);
    expect(await adapterList(g)).toEqual(adapterListed);
    expect((await g.admin(`${PORTICO_BASE}/apis/Kept/v1/definition`)).text).toBe(
      openApiDocument({ title: 'Kept', version: 'v1', basePath: '/kept', production: [`${backend.url}/k`] }),
    );

    expect((await g.admin(`${PORTICO_BASE}/apis/Dropped/v1`, { method: 'DELETE' })).status).toBe(204);
    expect((await adapterUndeploy(g, 'Zipped', 'v1')).status).toBe(200);
    g = await restart();
    expect((await g.request('/dropped/b')).status).toBe(404);
    expect((await g.request('/zipped/v1/c')).status).toBe(404);
    expect((await g.request('/kept/a')).text).toBe('GET /k/a');
    expect((await porticoList(g)).list.map((i) => i.name)).toEqual(['Kept']);
    // Artifacts of undeployed APIs are not kept, except those state.json.prev (the fallback for a
    // damaged state.json) still refers to: Zipped's, undeployed by the last write; not Dropped's.
    const referenced = (file: string) =>
      (JSON.parse(readFileSync(join(deploymentsDir(g), file), 'utf8')) as { records: { artifact: { sha256: string; format: string } }[] }).records.map(
        (r) => `${r.artifact.sha256}.${r.artifact.format}`,
      );
    expect(referenced('state.json')).toHaveLength(1);
    expect(readdirSync(join(deploymentsDir(g), 'artifacts')).sort()).toEqual([...new Set([...referenced('state.json'), ...referenced('state.json.prev')])].sort());
    expect(readdirSync(join(deploymentsDir(g), 'artifacts'))).toHaveLength(2);
  });

  it('comes back with the older state after a crash between writing the new state and renaming it', async () => {
    let g = await restart();
    const store = deploymentsDir(g);
    const older = readFileSync(join(store, 'state.json'), 'utf8');
    const listed = await porticoList(g);
    await g.close();

    // What a crash mid-deploy leaves: the new state and artifact half-written next to the old state.
    const state = JSON.parse(older) as { records: { name: string; artifact: { sha256: string } }[] };
    const newer = JSON.stringify({ ...state, records: [...state.records, { ...state.records[0], name: 'Unfinished', artifact: { ...state.records[0].artifact, sha256: 'e'.repeat(64) } }] }, null, 2);
    writeFileSync(join(store, 'state.json.tmp'), newer.slice(0, Math.floor(newer.length / 2)));
    writeFileSync(join(store, 'artifacts', `${'e'.repeat(64)}.yaml.tmp`), 'openapi: 3.0.3\ninfo: {title: Unfin');

    g = await restart();
    expect(await porticoList(g)).toEqual(listed);
    expect((await g.request('/kept/a')).text).toBe('GET /k/a');
    expect(readFileSync(join(store, 'state.json'), 'utf8')).toBe(older);
    expect(existsSync(join(store, 'state.json.tmp'))).toBe(false);
    expect(readdirSync(join(store, 'artifacts')).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // And it keeps working: the next deploy is persisted normally.
    expect((await porticoDeploy(g, openApiDocument({ title: 'After', version: 'v1', basePath: '/after', production: [backend.url] }))).status).toBe(201);
    g = await restart();
    expect((await g.request('/after/x')).text).toBe('GET /x');
  });
});

/**
 * kill -9 during a deploy, for real: the built gateway in a child process, SIGKILLed at a random
 * moment while a deploy is in flight, three times on the same data directory. After each restart
 * the APIs must be a prefix v1..vM of the versions sent: every acknowledged deploy present, the
 * one in flight either complete or absent, and nothing answering 5xx.
 */
describe('SIGKILL in the middle of a deploy (child process)', () => {
  const ROUNDS = 3;
  const DEPLOYS_PER_ROUND = 12;
  let backend: TestBackend;
  let dir: string;
  let config: string;
  let ports: { http: number; https: number; admin: number };
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    backend = await startBackend(echoPath);
    dir = mkdtempSync(join(tmpdir(), 'portico-crash-'));
    const [http, https, admin] = await freePorts(3);
    ports = { http, https, admin };
    config = writeTestConfig(dir, { dataPlane: { httpPort: http, httpsPort: https }, admin: { port: admin } });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
    await backend.close();
  });

  const admin = (path: string, options: { method?: string; body?: string } = {}) =>
    call({ port: ports.admin, path, method: options.method, body: options.body, headers: { authorization: 'Basic YWRtaW46YWRtaW4=', 'content-type': 'application/yaml' } });
  const deploy = (v: number) =>
    admin(`${PORTICO_BASE}/apis`, { method: 'POST', body: openApiDocument({ title: 'Crash', version: `v${v}`, basePath: `/crash/v${v}`, production: [`${backend.url}/v${v}`] }) });

  /** Checks the prefix property and returns M, the number of versions deployed. */
  async function deployedPrefix(attempted: number, acknowledged: number): Promise<number> {
    const res = await admin(`${PORTICO_BASE}/apis`);
    expect(res.status).toBe(200);
    const listed = res.json<PorticoListBody>();
    const versions = listed.list.filter((i) => i.name === 'Crash').map((i) => Number(i.version.slice(1)));
    const m = versions.length;
    expect(versions.sort((x, y) => x - y)).toEqual(Array.from({ length: m }, (_, i) => i + 1));
    expect(m).toBeGreaterThanOrEqual(acknowledged);
    expect(m).toBeLessThanOrEqual(attempted);
    for (let v = 1; v <= attempted; v++) {
      const res = await call({ port: ports.http, path: `/crash/v${v}/ping`, headers: { host: 'localhost' } });
      if (v <= m) expect(`${res.status} ${res.text}`).toBe(`200 GET /v${v}/ping`);
      else expect(res.status).toBe(404);
    }
    return m;
  }

  /** State of the test across rounds: the next version to send and the last one acknowledged. */
  const progress = { next: 1, acknowledged: 0, log: [] as string[] };

  /** Restart, check, deploy until a random point, then SIGKILL while one more deploy is in flight. */
  async function crashRound(round: number): Promise<void> {
    gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: ports.http });
    const m = await deployedPrefix(progress.next - 1, progress.acknowledged);
    progress.log.push(`restart: v1..v${m} served`);
    progress.next = m + 1;
    progress.acknowledged = m;

    const killAt = progress.next + 2 + Math.floor(Math.random() * (DEPLOYS_PER_ROUND - 2));
    const durations: number[] = [];
    for (; progress.next < killAt; progress.next++) {
      const started = performance.now();
      const res = await deploy(progress.next);
      durations.push(performance.now() - started);
      expect(`${res.status} ${res.text}`).toMatch(/^201 /);
      progress.acknowledged = progress.next;
    }
    // The kill lands somewhere inside a deploy: a random fraction of a typical deploy's duration.
    const typical = durations.reduce((s, d) => s + d, 0) / durations.length;
    const inFlight = deploy(progress.next).then(
      (res) => res.status,
      () => 'no answer',
    );
    await new Promise((r) => setTimeout(r, Math.random() * typical));
    const signal = await gateway.kill('SIGKILL');
    gateway = undefined;
    const answer = await inFlight;
    if (answer === 201) progress.acknowledged = progress.next;
    else expect(answer).toBe('no answer');
    const leftovers = readdirSync(join(dir, 'data', 'deployments')).filter((n) => n.endsWith('.tmp'));
    progress.log.push(`round ${round}: v${progress.next} ${answer}, ${signal} (typical deploy ${Math.round(typical)} ms); left: ${leftovers.join(', ') || 'no temp file'}`);
    progress.next++;
  }

  it('restarts with a prefix-consistent set of APIs after each of three kills', async () => {
    try {
      for (let round = 1; round <= ROUNDS; round++) await crashRound(round);
      gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: ports.http });
      await deployedPrefix(progress.next - 1, progress.acknowledged);
      expect(readdirSync(join(dir, 'data', 'deployments')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } catch (error) {
      // What happened in each round, to reproduce a failure.
      if (error instanceof Error) error.message += `\n${progress.log.join('\n')}\n${gateway?.log ?? ''}`;
      throw error;
    }
  }, 120_000);
});
