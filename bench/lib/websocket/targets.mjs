// The WebSocket scenario's targets: the echo backend called directly, nginx (when installed) and
// Portico in front of it, both under the base path /bench-ws so the backend sees /echo from all
// three. Each must pass the echo check before anything is measured.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../children.mjs';
import { startNginx } from '../nginx.mjs';
import { processTree } from '../proc-stats.mjs';
import { echoCheck } from './echo-check.mjs';
import { startWebsocketPortico, WS_BASE_PATH, WS_CHANNEL } from './portico-ws.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NGINX_WORKER_START_MS = 300;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startNginxTarget({ children, tempDir, nginxBinary, backendPort, options }) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(tempDir, 'nginx-'));
  // Sized for whichever part holds more connections at once.
  const websocket = { prefix: WS_BASE_PATH, connections: Math.max(options.connections, options.idleConnections) };
  const child = startNginx(children, { binary: nginxBinary, dir, port, backendPort, websocket });
  await waitForPort(port, child);
  await sleep(NGINX_WORKER_START_MS); // the worker starts after the master opens the port
  // Master and worker: nginx's CPU per message counts both, as the proxy scenario does.
  return { name: 'nginx', url: `ws://127.0.0.1:${port}${WS_BASE_PATH}${WS_CHANNEL}`, child, pids: processTree(child.pid) };
}

/**
 * Starts the backend and the targets of `options.only` (nginx only with `nginxBinary`); returns
 * {targets: [{name, url, child, pids?}] in the order direct, nginx, portico, processes}.
 */
export async function startWebsocketTargets({ children, tempDir, nginxBinary, options, log }) {
  const backendPort = await freePort();
  const backend = children.start('ws-backend', process.execPath, [path.join(BENCH_DIR, 'ws-backend.mjs')], { env: { ...process.env, PORT: String(backendPort), HOST: '127.0.0.1' } });
  await waitForPort(backendPort, backend);
  const targets = [];
  if (options.only.includes('direct')) targets.push({ name: 'direct', url: `ws://127.0.0.1:${backendPort}${WS_CHANNEL}`, child: backend });
  if (options.only.includes('nginx') && nginxBinary) targets.push(await startNginxTarget({ children, tempDir, nginxBinary, backendPort, options }));
  if (options.only.includes('portico')) {
    const port = await freePort();
    const portico = startWebsocketPortico(children, { repoRoot: REPO_ROOT, dir: fs.mkdtempSync(path.join(tempDir, 'portico-')), port, backendPort });
    await waitForPort(port, portico, 60_000);
    targets.push({ name: 'portico', url: `ws://127.0.0.1:${port}${WS_BASE_PATH}${WS_CHANNEL}`, child: portico, pids: [portico.pid] });
  }
  for (const target of targets) await echoCheck(target);
  log(`echo check passed on ${targets.map((t) => t.name).join(', ')} (text and binary, byte for byte)`);
  return { targets, processes: [backend, ...targets.filter((t) => t.child !== backend).map((t) => t.child)] };
}
