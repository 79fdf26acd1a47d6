import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, freePorts, GatewayProcess, openApiDocument, startBackend, startTestGateway, type TestBackend, writeTestConfig } from '#testing';

/**
 * Issue 13 item 10, the starting half: a start that cannot succeed ends with one line saying
 * what to change (a port in use, no usable persisted state), not a stack trace and not a
 * gateway that looks healthy without its deployments. Real child processes on the built code.
 */

/** A stack trace line, as Node prints them. */
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('a port already in use (child process)', () => {
  let dir: string;
  let squatter: Server;
  let taken: number;

  beforeAll(async () => {
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    taken = (squatter.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-port-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['dataPlane.httpPort', (free: number[]) => ({ dataPlane: { httpPort: taken, httpsPort: free[0] }, admin: { port: free[1] } })],
    ['dataPlane.httpsPort', (free: number[]) => ({ dataPlane: { httpPort: free[0], httpsPort: taken }, admin: { port: free[1] } })],
    ['admin.port', (free: number[]) => ({ dataPlane: { httpPort: free[0], httpsPort: free[1] }, admin: { port: taken } })],
  ])('%s: ends the start with one line naming the setting and the address, exit code 78', async (setting, ports) => {
    const config = writeTestConfig(dir, ports(await freePorts(2)));
    const gateway = GatewayProcess.run({ args: ['--config', config] });
    expect(await gateway.exited).toBe('exit 78');
    const line = `${setting}: 127.0.0.1:${taken} is already in use (EADDRINUSE); choose another port or stop the process using it`;
    expect(gateway.log.trim().split('\n').at(-1)).toBe(line);
    expect(gateway.log).not.toMatch(STACK_LINE);
  });
});

describe('a damaged state.json at boot (child process)', () => {
  let backend: TestBackend;
  let dir: string;
  let config: string;
  let httpPort: number;
  let gateway: GatewayProcess | undefined;
  const deployments = () => join(dir, 'data', 'deployments');

  beforeAll(async () => {
    backend = await startBackend((req, res) => res.end(`${req.method} ${req.url}`));
  });
  afterAll(() => backend.close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-state-'));
    // Two admin deploys: state.json holds Older and Newer, state.json.prev holds Older.
    const gw = await startTestGateway({ dir });
    for (const [title, basePath] of [['Older', '/older'], ['Newer', '/newer']]) {
      const body = openApiDocument({ title, basePath, production: [backend.url] });
      expect((await gw.admin('/portico/v1/apis', { method: 'POST', body, headers: { 'content-type': 'application/yaml' } })).status).toBe(201);
    }
    await gw.close();
    const [http, https, admin] = await freePorts(3);
    httpPort = http;
    config = writeTestConfig(dir, { dataPlane: { httpPort: http, httpsPort: https }, admin: { port: admin }, logging: { level: 'log' } });
  });
  afterEach(async () => {
    await gateway?.kill('SIGKILL');
    gateway = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => call({ port: httpPort, path, headers: { host: 'localhost' } });

  it('falls back to state.json.prev with a loud line, and serves the previous deployments', async () => {
    const damaged = readFileSync(join(deployments(), 'state.json'), 'utf8').slice(0, 50);
    writeFileSync(join(deployments(), 'state.json'), damaged);
    gateway = await GatewayProcess.start({ args: ['--config', config], httpPort });

    expect(`${(await get('/older/x')).status} ${(await get('/older/x')).text}`).toBe('200 GET /x');
    // The deploy made after state.json.prev was written is what the damage cost.
    expect((await get('/newer/x')).status).toBe(404);
    expect(gateway.log).toMatch(/"level":"error".*state\.json cannot be read \(.+\); it was kept as .*state\.json\.corrupt-.*Restored the previous state from .*state\.json\.prev \(1 deployment\(s\)\)/);
    const names = readdirSync(deployments());
    const aside = names.find((n) => n.startsWith('state.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(deployments(), aside!), 'utf8')).toBe(damaged);
    expect(readFileSync(join(deployments(), 'state.json'), 'utf8')).toBe(readFileSync(join(deployments(), 'state.json.prev'), 'utf8'));
  });

  it('refuses to start, naming both files, when state.json.prev is damaged too (exit code 65)', async () => {
    writeFileSync(join(deployments(), 'state.json'), '{"formatVersion": 1, "records": [');
    writeFileSync(join(deployments(), 'state.json.prev'), '');
    gateway = GatewayProcess.run({ args: ['--config', config] });
    expect(await gateway.exited).toBe('exit 65');
    const last = gateway.log.trim().split('\n').at(-1);
    expect(last).toContain(`${join(deployments(), 'state.json')} cannot be read`);
    expect(last).toContain(`${join(deployments(), 'state.json.prev')} cannot be read either`);
    expect(last).toContain('Restore either file from a backup, or delete both to start without admin deployments.');
    expect(gateway.log).not.toMatch(STACK_LINE);
    // Nothing was served meanwhile, and nothing was changed for the operator to find.
    expect(readdirSync(deployments()).filter((n) => n.startsWith('state.json')).sort()).toEqual(['state.json', 'state.json.prev']);
  });
});
