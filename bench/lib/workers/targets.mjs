// The workers scenario's processes: bench/backend.mjs, two Portico gateways in front of it that
// differ only in `workers` (1: one process; 2: a primary and two data-plane workers sharing the
// port), and nginx (when installed) for reference. A gateway's CPU is summed over its primary and
// workers: every pid of its process tree, read once all of its workers listen.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApiYaml, gatewayMain, writeBenchProject } from '../bench-gateway.mjs';
import { freePort, waitForPort } from '../children.mjs';
import { REST_BASE_PATH, restDefinition } from '../function/portico-function.mjs';
import { startRestTargets } from '../rest-targets.mjs';
import { processTree } from '../proc-stats.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const GATEWAY_START_MS = 60_000;
const READY_POLL_MS = 100;

/** In report order: `portico-N` runs `workers: N`. */
export const WORKERS_TARGETS = ['direct', 'nginx', 'portico-1', 'portico-2'];

const workersOf = (target) => Number(target.slice('portico-'.length));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bench gateway's settings (bench-gateway.mjs's, with `workers`), but with info lines in the
 * log: the primary's `ready` line is the sign that every worker listens. The access log stays on
 * (the default), written to the same log file.
 */
function gatewayConfig(dir, port, workers) {
  return `dataDir: ${path.join(dir, 'data')}
apisDir: ${path.join(dir, 'apis')}
workers: ${workers}
dataPlane:
  host: 127.0.0.1
  httpPort: ${port}
  httpsEnabled: false
  shutdownDelayMs: 0
admin:
  enabled: false
logging:
  level: log
  format: json
`;
}

/** Waits for the `ready (pid …)` line, which a primary writes once all of its workers listen. */
async function waitForReadyLine(child) {
  const deadline = Date.now() + GATEWAY_START_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the gateway exited during its start (see ${child.logFile})`);
    if (fs.readFileSync(child.logFile, 'utf8').includes('"msg":"ready (pid ')) return;
    await sleep(READY_POLL_MS);
  }
  throw new Error(`no ready line within ${GATEWAY_START_MS} ms (see ${child.logFile})`);
}

async function startGateway(children, { tempDir, target, backendUrl }) {
  const dir = fs.mkdtempSync(path.join(tempDir, `${target}-`));
  writeBenchProject(dir, 'PorticoBenchRest', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchRest', context: REST_BASE_PATH, backendUrl }),
    'Definitions/swagger.yaml': restDefinition(backendUrl),
  });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const port = await freePort();
  const workers = workersOf(target);
  const config = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(config, gatewayConfig(dir, port, workers));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
  const child = children.start(target, process.execPath, [gatewayMain(REPO_ROOT), '--config', config], { cwd: REPO_ROOT, env: { ...env, NODE_ENV: 'production', NO_COLOR: '1' } });
  await waitForPort(port, child, GATEWAY_START_MS);
  await waitForReadyLine(child);
  const pids = processTree(child.pid);
  // workers: 1 is one process; N workers are N processes besides the primary.
  const expected = workers > 1 ? workers + 1 : 1;
  if (pids.length !== expected) throw new Error(`${target}: expected ${expected} gateway processes, found ${pids.length} (${pids.join(', ')})`);
  return { child, port, pids };
}

/**
 * Starts what `options.only` needs and checks every target's answer once; returns
 * {runs: [{target, url, logFile, gatewayPids, backendPids, workers}], processes}.
 */
export function startWorkersTargets(context) {
  return startRestTargets({
    ...context,
    startPortico: async (target, backendUrl) => {
      const { child, port, pids } = await startGateway(context.children, { tempDir: context.tempDir, target, backendUrl });
      context.log(`${target}: ${pids.length} process(es), pids ${pids.join(', ')}`);
      return { child, port, gatewayPids: pids, workers: workersOf(target) };
    },
  });
}
