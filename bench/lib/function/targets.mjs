// The function scenario's processes and runs: bench/backend.mjs (direct, and the REST API's
// upstream) and, when a Portico target is measured, one function gateway serving both Portico
// targets. Each run knows whose CPU to read: the gateway's (none for direct) and the backend's, so
// the proxy's upstream work and the handler's in-process work are both counted.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../children.mjs';
import { checkAnswer } from './answer-check.mjs';
import { needsGateway } from './options.mjs';
import { FUNCTION_BASE_PATH, ITEMS_PATH, REST_BASE_PATH, startFunctionPortico } from './portico-function.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const GATEWAY_START_MS = 60_000;

/** The URL path each target is asked for: the backend's own, or an API's base path before it. */
export const TARGET_PATHS = {
  direct: ITEMS_PATH,
  'portico-rest': `${REST_BASE_PATH}${ITEMS_PATH}`,
  'portico-function': `${FUNCTION_BASE_PATH}${ITEMS_PATH}`,
};

/**
 * Starts the processes, checks every target's answer once; returns
 * {runs: [{target, url, logFile, gatewayPids, backendPids}], processes}.
 */
export async function startFunctionTargets({ children, tempDir, options, log }) {
  const backendPort = await freePort();
  const backend = children.start('backend', process.execPath, [path.join(BENCH_DIR, 'backend.mjs')], { env: { ...process.env, PORT: String(backendPort), HOST: '127.0.0.1' } });
  await waitForPort(backendPort, backend);
  const processes = [backend];
  let gateway;
  let gatewayPort;
  if (needsGateway(options)) {
    gatewayPort = await freePort();
    gateway = startFunctionPortico(children, { repoRoot: REPO_ROOT, dir: fs.mkdtempSync(path.join(tempDir, 'portico-')), port: gatewayPort, backendPort });
    await waitForPort(gatewayPort, gateway, GATEWAY_START_MS);
    processes.push(gateway);
  }
  const runs = options.only.map((target) => {
    const direct = target === 'direct';
    return {
      target,
      url: `http://127.0.0.1:${direct ? backendPort : gatewayPort}${TARGET_PATHS[target]}`,
      logFile: (direct ? backend : gateway).logFile,
      gatewayPids: direct ? null : [gateway.pid],
      backendPids: [backend.pid],
    };
  });
  for (const run of runs) await checkAnswer(run);
  log(`answer check passed (200, the same 1024 bytes): ${runs.map((r) => `${r.target} ${r.url}`).join(', ')}`);
  return { runs, processes };
}
