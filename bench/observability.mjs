#!/usr/bin/env node
// `npm run bench -- --scenario observability`: issue 21's figure. What do the access log and the
// metrics cost? The same 1024-byte GET /items through two Portico gateways that differ only in
// them (both off; both on, the default), the backend directly and nginx for reference; interleaved
// rounds, req/s, latency, CPU per request. Goal: on >= 0.9x off. See bench/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { runRounds } from './lib/interleaved-rounds.mjs';
import { findNginx } from './lib/nginx.mjs';
import { formatObservabilityReport, summarizeObservability } from './lib/observability/summary.mjs';
import { checkObservabilityOn, OBSERVABILITY_TARGETS, startObservabilityTargets } from './lib/observability/targets.mjs';
import { parseRoundOptions, roundOptionsUsage } from './lib/round-options.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * More, shorter rounds than the other scenarios: the goal compares two Portico runs a few percent
 * apart, and this VM's speed swings by more than that within minutes; the verdict is the median
 * of the per-round ratios, so more pairs steady it.
 */
const DEFAULTS = { rounds: 9, duration: 5 };

export const USAGE = `usage: npm run bench -- --scenario observability [options]   (or: node bench/observability.mjs [options] after npm run build)
${roundOptionsUsage(`  --only LIST       targets among ${OBSERVABILITY_TARGETS.join(',')} (default all; nginx only when installed)`, DEFAULTS)}`;

async function main() {
  const options = parseRoundOptions(process.argv.slice(2), { targets: OBSERVABILITY_TARGETS, usage: USAGE, defaults: DEFAULTS });
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');
  const nginxBinary = options.only.includes('nginx') ? findNginx() : undefined;
  if (options.only.includes('nginx') && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-observability-', tempMode: 0o755, log });
  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'autocannon' }, nginxBinary });
  environment.loadGenerator = 'autocannon (devDependency, own process; 1 ms latency resolution)';
  try {
    log(`observability scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; targets ${options.only.join(', ')}`);
    const { runs, processes } = await startObservabilityTargets({ children, tempDir, options, nginxBinary, log });
    log(`${options.rounds} rounds x ${runs.length} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections`);
    const rows = await runRounds({ runs, processes, options, signal: stopping.signal, log });
    const on = runs.find((r) => r.target === 'portico-on');
    const summary = summarizeObservability(rows, on ? await checkObservabilityOn(on) : undefined);
    console.log(formatObservabilityReport({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const requests = runs.map((r) => ({ target: r.target, method: 'GET', url: r.url }));
    const document = { scenario: 'observability', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, requests, ...summary, runs: rows };
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
