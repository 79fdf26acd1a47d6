#!/usr/bin/env node
// `npm run bench -- --scenario function`: issue 20's figures. What does answering a GET from a
// `function` connector handler cost? The same 1024-byte JSON (bench/backend.mjs's GET /items) from
// the backend directly, through Portico's REST proxy and from a handler module in the gateway's
// process, both Portico targets on one function gateway (apps/function-gateway); interleaved rounds,
// req/s, latency, gateway and backend CPU per request. No goal: the figures are reported. See
// bench/README.md, "Function scenario".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { parseFunctionOptions, USAGE } from './lib/function/options.mjs';
import { runRounds } from './lib/interleaved-rounds.mjs';
import { formatFunctionReport, summarizeFunction } from './lib/function/summary.mjs';
import { startFunctionTargets } from './lib/function/targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
  const options = parseFunctionOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');

  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-function-', log });
  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'autocannon' } });
  environment.loadGenerator = 'autocannon (devDependency, own process; 1 ms latency resolution)';
  try {
    log(`function scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; targets ${options.only.join(', ')}`);
    const { runs, processes } = await startFunctionTargets({ children, tempDir, options, log });
    log(`${options.rounds} rounds x ${runs.length} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections`);
    const rows = await runRounds({ runs, processes, options, signal: stopping.signal, log });
    const summary = summarizeFunction(rows);
    console.log(formatFunctionReport({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const requests = runs.map((r) => ({ target: r.target, method: 'GET', url: r.url }));
    const document = { scenario: 'function', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, requests, ...summary, runs: rows };
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
