// The measured targets of the proxy scenario: the backend itself (direct), nginx and Portico in
// front of it, each checked before it is measured. With get-lb, a second backend too, and nginx
// and Portico each balance one resource over both backends.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTH_MODES } from './auth-modes.mjs';
import { freePort, waitForPort } from './children.mjs';
import { LB_MODE, LB_PATH, checkBothBackendsServe } from './lb-mode.mjs';
import { startNginx } from './nginx.mjs';
import { checkBackendJwtServed, PORTICO_BASE_PATH, startPortico } from './portico.mjs';
import { processTree } from './proc-stats.mjs';
import { describeAuthChecks, smokeTest } from './smoke-test.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
// The auth modes send their credentials to the open /items of direct and nginx (they do not authenticate).
const PATHS = { get: '/items', post: '/echo', ...Object.fromEntries(Object.keys(AUTH_MODES).map((mode) => [mode, '/items'])), [LB_MODE]: LB_PATH };
// On Portico each auth mode has its secured resource, under /bench unless the mode names another API.
const PORTICO_PATHS = {
  ...Object.fromEntries(Object.entries(PATHS).map(([mode, p]) => [mode, `${PORTICO_BASE_PATH}${p}`])),
  ...Object.fromEntries(Object.entries(AUTH_MODES).map(([mode, m]) => [mode, `${m.porticoBasePath ?? PORTICO_BASE_PATH}${m.porticoPath}`])),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One bench/backend.mjs process on a free port; its log is `<name>.log`. */
async function startBackend(children, name) {
  const port = await freePort();
  const child = children.start(name, process.execPath, [path.join(BENCH_DIR, 'backend.mjs')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  });
  await waitForPort(port, child);
  return { port, child };
}

/**
 * Starts the backend(s), then nginx and Portico in front; returns the measurable targets and the
 * ports of get-lb's two backends (undefined without get-lb). `log` prints a progress line.
 * credentials: { publicKeyFile, files: per auth mode { header, file, values } }.
 */
export async function startTargets({ children, options, tempDir, nginxBinary, credentials, log }) {
  const backend = await startBackend(children, 'backend');
  // The first backend serves get-lb too: the mode differs from get only in the second one.
  const lbBackendPorts = options.modes.includes(LB_MODE) ? [backend.port, (await startBackend(children, 'backend-2')).port] : undefined;
  const targets = [];
  const url = (port, prefix, paths = PATHS) => (mode) => `http://127.0.0.1:${port}${prefix}${paths[mode]}`;
  if (options.only.includes('direct')) targets.push({ name: 'direct', url: url(backend.port, ''), child: backend.child });

  if (nginxBinary) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(tempDir, 'nginx-'));
    const child = startNginx(children, { binary: nginxBinary, dir, port, backendPort: backend.port, lbBackendPorts });
    await waitForPort(port, child);
    await sleep(300); // the worker starts after the master opens the port
    targets.push({ name: 'nginx', url: url(port, PORTICO_BASE_PATH), child, pids: processTree(child.pid), port });
  }
  if (options.only.includes('portico') || options.memory) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(tempDir, 'portico-'));
    const { publicKeyFile } = credentials;
    const child = startPortico(children, { repoRoot: REPO_ROOT, dir, port, backendPort: backend.port, publicKeyFile, lbBackendPorts });
    await waitForPort(port, child, 60_000);
    targets.push({ name: 'portico', url: url(port, '', PORTICO_PATHS), child, pids: [child.pid], port });
  }
  for (const target of targets) {
    const balances = lbBackendPorts && target.name !== 'direct';
    await smokeTest(target, options.authTargets.includes(target.name) ? credentials.files : {}, { alsoItems: balances ? [LB_MODE] : [] });
    if (balances) {
      const shares = await checkBothBackendsServe(target, lbBackendPorts);
      log(`smoke test passed on ${target.name}: ${LB_MODE} answers the 1 KiB body from both backends (${shares.map((s) => `${(s * 100).toFixed(0)}%`).join(' / ')})`);
    }
  }
  const portico = targets.find((t) => t.name === 'portico');
  if (portico && options.modes.includes('get-jwt-bjwt') && options.authTargets.includes('portico')) {
    await checkBackendJwtServed(portico.port);
    log(`smoke test passed on portico: get-jwt-bjwt's API sends backend JWTs (/.wellknown/jwks is served)`);
  }
  const checked = targets.filter((t) => options.authTargets.includes(t.name)).map((t) => t.name);
  if (checked.length > 0 && Object.keys(credentials.files).length > 0) {
    log(`smoke test passed on ${checked.join(', ')}: ${describeAuthChecks(credentials.files, checked)}`);
  }
  return { targets, lbBackendPorts };
}
