// The processes of a scenario that compares Portico gateways on the same 1024-byte GET /items:
// bench/backend.mjs, `direct` (the backend itself) and `nginx` (when installed) as references, and
// the scenario's own Portico targets, each started by `startPortico`. Every target's answer is
// checked once before any load.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './children.mjs';
import { checkAnswer } from './function/answer-check.mjs';
import { ITEMS_PATH, REST_BASE_PATH } from './function/portico-function.mjs';
import { startNginx } from './nginx.mjs';
import { processTree } from './proc-stats.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts what `options.only` needs. `startPortico(target, backendUrl)` → `{ child, port,
 * gatewayPids, ...extra }` (extra fields go into the target's run). Returns `{ runs: [{ target,
 * url, logFile, gatewayPids, backendPids, ... }], processes }`.
 */
export async function startRestTargets({ children, tempDir, options, nginxBinary, log, startPortico }) {
  const backendPort = await freePort();
  const backend = children.start('backend', process.execPath, [path.join(BENCH_DIR, 'backend.mjs')], { env: { ...process.env, PORT: String(backendPort), HOST: '127.0.0.1' } });
  await waitForPort(backendPort, backend);
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const processes = [backend];
  const runs = [];
  const through = (port) => `http://127.0.0.1:${port}${REST_BASE_PATH}${ITEMS_PATH}`;
  for (const target of options.only) {
    if (target === 'direct') {
      runs.push({ target, url: `${backendUrl}${ITEMS_PATH}`, logFile: backend.logFile, gatewayPids: null, backendPids: [backend.pid] });
    } else if (target === 'nginx') {
      const port = await freePort();
      const dir = fs.mkdtempSync(path.join(tempDir, 'nginx-'));
      const child = startNginx(children, { binary: nginxBinary, dir, port, backendPort });
      await waitForPort(port, child);
      processes.push(child);
      runs.push({ target, url: through(port), logFile: child.logFile, gatewayPids: processTree(child.pid), backendPids: [backend.pid] });
    } else {
      const { child, port, gatewayPids, ...extra } = await startPortico(target, backendUrl);
      processes.push(child);
      runs.push({ target, url: through(port), logFile: child.logFile, gatewayPids, backendPids: [backend.pid], ...extra });
    }
  }
  for (const run of runs) await checkAnswer(run);
  log(`answer check passed (200, the same 1024 bytes): ${runs.map((r) => `${r.target} ${r.url}`).join(', ')}`);
  return { runs, processes };
}
