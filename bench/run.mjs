#!/usr/bin/env node
// `npm run bench`: Portico against the backend called directly and against nginx, on 127.0.0.1
// only, in interleaved rounds (with consumer credentials, and load balanced over two backends,
// too); then a 100 MB streaming memory check. See bench/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTH_MODES, isAuthMode, writeCredentialFiles } from './lib/auth-modes.mjs';
import { startBenchRun } from './lib/bench-run.mjs';
import { isAlive } from './lib/children.mjs';
import { primeCredentials } from './lib/credential-priming.mjs';
import { createBenchCredentials } from './lib/credentials.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { lbSkipNote } from './lib/lb-mode.mjs';
import { chooseLoadGenerator } from './lib/load.mjs';
import { measureRun } from './lib/measure.mjs';
import { memoryCheck } from './lib/memory-check.mjs';
import { targetsOfMode } from './lib/mode-targets.mjs';
import { findNginx } from './lib/nginx.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { POST_BODY, TRANSFER_BYTES } from './lib/payloads.mjs';
import { PORTICO_BASE_PATH } from './lib/portico.mjs';
import { MB, rssBytes } from './lib/proc-stats.mjs';
import { formatReport, summarize } from './lib/summary.mjs';
import { startTargets } from './lib/targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const SETTLE_MS = 500;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function runRounds({ targets, lbBackendPorts, options, load, bodyFile, credentials, signal }) {
  const measured = targets.filter((t) => options.only.includes(t.name));
  const rows = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Rotate the orders so that no target always runs first or last after a pause, and no mode
    // always runs first in a round (after start-up and priming garbage) or next to the same one.
    const rotate = (list) => {
      const shift = (round - 1) % list.length;
      return [...list.slice(shift), ...list.slice(0, shift)];
    };
    const order = rotate(measured);
    for (const mode of rotate(options.modes)) {
      for (const target of targetsOfMode(mode, order, options)) {
        for (const t of targets) if (!isAlive(t.child)) throw new Error(`${t.name} exited (see ${t.child.logFile})`);
        const row = await measureRun({ load, target, mode, round, options, bodyFile, credentials: credentials.files, lbBackendPorts, signal });
        rows.push(row);
        const cpu = row.cpuUsPerRequest === null ? '' : `  cpu ${row.cpuUsPerRequest.toFixed(1)} us/req  rss ${row.rssPeakMb.toFixed(0)} MB`;
        const shares = row.backendShares ? `  backends ${row.backendShares.map((s) => `${(s * 100).toFixed(1)}%`).join(' / ')}` : '';
        log(`round ${round} ${mode.padEnd(10)} ${target.name.padEnd(8)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50Ms.toFixed(2)} ms  p99 ${row.p99Ms.toFixed(2)} ms${cpu}  errors ${row.errors + row.non2xx}${shares}`);
        await sleep(SETTLE_MS);
      }
    }
  }
  return rows;
}

/** The signing key's PEM (Portico trusts it) and the credential pools of the auth modes measured. */
function prepareCredentials(options, tempDir) {
  let authModes = options.modes.filter(isAuthMode);
  if (authModes.length > 0 && !options.authTargets.some((t) => options.only.includes(t))) {
    log(`${authModes.join(', ')}: no target of --auth-targets ${options.authTargets.join(',')} is measured (--only ${options.only.join(',')}): skipped`);
    authModes = [];
  }
  // get-jwt and get-jwt-bjwt send the same access tokens: a pool is signed once for all its modes.
  const count = (pool) => (authModes.some((mode) => AUTH_MODES[mode].pool === pool) ? options.tokens : 0);
  const started = Date.now();
  const signed = createBenchCredentials({ dir: tempDir, accessTokenCount: count('accessTokens'), apiKeyCount: count('apiKeys') });
  if (authModes.length > 0) log(`${authModes.join(', ')}: ${options.tokens} distinct credentials each, signed in ${Date.now() - started} ms`);
  return { publicKeyFile: signed.publicKeyFile, files: writeCredentialFiles({ dir: tempDir, modes: authModes, credentials: signed }) };
}

/** Portico verifies each credential once before the rounds, as a gateway with active consumers has. */
async function primeAuthModes({ targets, options, credentials }) {
  const portico = targets.find((t) => t.name === 'portico');
  const priming = {};
  if (!portico || !options.only.includes('portico') || !options.authTargets.includes('portico')) return priming;
  for (const [mode, files] of Object.entries(credentials.files)) {
    const p = (priming[mode] = await primeCredentials(portico, mode, files));
    log(`${mode}: primed Portico's cache with ${p.requests} credentials in ${p.seconds.toFixed(1)} s, ${p.cpuUsPerRequest?.toFixed(1)} us CPU per first request (signature checked)`);
  }
  return priming;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');

  const load = chooseLoadGenerator(options.load);
  const nginxBinary = options.only.includes('nginx') ? findNginx() : undefined;
  if (options.only.includes('nginx') && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-', tempMode: 0o755, log });

  try {
    const environment = describeEnvironment({ repoRoot: REPO_ROOT, load, nginxBinary });
    log(`results and process logs: ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs, load: ${environment.loadGenerator}, nginx: ${environment.nginx ?? 'not used'}`);
    const bodyFile = path.join(tempDir, 'post-body.json');
    fs.writeFileSync(bodyFile, POST_BODY);
    const credentials = prepareCredentials(options, tempDir);
    const lbNote = lbSkipNote(options);
    if (lbNote) log(lbNote);

    const { targets, lbBackendPorts } = await startTargets({ children, options, tempDir, nginxBinary, credentials, log });
    const priming = await primeAuthModes({ targets, options, credentials });
    await sleep(1000); // let start-up garbage settle before reading idle memory
    const portico = targets.find((t) => t.name === 'portico');
    const nginx = targets.find((t) => t.name === 'nginx');
    const idle = { porticoRssMb: portico ? rssBytes(portico.pids) / MB : null, nginxRssMb: nginx ? rssBytes(nginx.pids) / MB : null };
    const measured = options.only.map((name) => ({ name }));
    const runs = options.rounds * options.modes.reduce((sum, mode) => sum + targetsOfMode(mode, measured, options).length, 0);
    log(`${runs} runs of ${options.warmup} + ${options.duration} s: about ${Math.ceil((runs * (options.warmup + options.duration + 1)) / 60)} min`);

    const rows = await runRounds({ targets, lbBackendPorts, options, load, bodyFile, credentials, signal: stopping.signal });
    let memory;
    if (options.memory && portico) {
      log(`memory check: ${TRANSFER_BYTES / MB} MB upload and download through Portico`);
      memory = await memoryCheck({ port: portico.port, pid: portico.child.pid, basePath: PORTICO_BASE_PATH, bytes: TRANSFER_BYTES });
    }
    const summary = summarize({ rows, options, idle });
    console.log(formatReport({ summary, options, loadName: load.name, memory }));
    const file = path.join(resultsDir, 'summary.json');
    const document = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, idle, priming, ...summary, memory, runs: rows };
    fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    log(`summary: ${file}`);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
