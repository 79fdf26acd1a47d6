#!/usr/bin/env node
// `npm run bench -- --scenario workers`: issue 22's figure. What does a second data-plane worker
// buy? The same 1024-byte GET /items through two Portico gateways that differ only in `workers`
// (1 and 2), the backend directly and nginx for reference; interleaved rounds, req/s, latency, CPU
// per request summed over every gateway process. Goal: 2 workers >= 1.6x one, with cores to spare.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { runRounds } from './lib/interleaved-rounds.mjs';
import { findNginx } from './lib/nginx.mjs';
import { parseRoundOptions, roundOptionsUsage } from './lib/round-options.mjs';
import { formatWorkersReport, summarizeWorkers } from './lib/workers/summary.mjs';
import { startWorkersTargets, WORKERS_TARGETS } from './lib/workers/targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const DEFAULTS = { rounds: 5, duration: 10 };

export const USAGE = `usage: npm run bench -- --scenario workers [options]   (or: node bench/workers.mjs [options] after npm run build)
${roundOptionsUsage(`  --only LIST       targets among ${WORKERS_TARGETS.join(',')} (default all; nginx only when installed)`, DEFAULTS)}`;

async function main() {
  const options = parseRoundOptions(process.argv.slice(2), { targets: WORKERS_TARGETS, usage: USAGE, defaults: DEFAULTS });
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');
  const nginxBinary = options.only.includes('nginx') ? findNginx() : undefined;
  if (options.only.includes('nginx') && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-workers-', tempMode: 0o755, log });
  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'autocannon' }, nginxBinary });
  environment.loadGenerator = 'autocannon (devDependency, own process; 1 ms latency resolution)';
  try {
    log(`workers scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; targets ${options.only.join(', ')}`);
    const { runs, processes } = await startWorkersTargets({ children, tempDir, options, nginxBinary, log });
    log(`${options.rounds} rounds x ${runs.length} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections`);
    const rows = await runRounds({ runs, processes, options, signal: stopping.signal, log });
    const summary = summarizeWorkers(rows, { cpus: environment.cpus });
    console.log(formatWorkersReport({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const requests = runs.map((r) => ({ target: r.target, method: 'GET', url: r.url, workers: r.workers, gatewayPids: r.gatewayPids }));
    const document = { scenario: 'workers', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, requests, ...summary, runs: rows };
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
