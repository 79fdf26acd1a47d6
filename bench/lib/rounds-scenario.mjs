// The frame every scenario measured in interleaved rounds shares (function, observability,
// workers): options, nginx when installed and wanted, a bench run with its temp dir and children,
// the targets started by the scenario, the rounds, the report, and summary.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './bench-run.mjs';
import { describeEnvironment } from './environment.mjs';
import { runRounds } from './interleaved-rounds.mjs';
import { findNginx } from './nginx.mjs';
import { parseRoundOptions } from './round-options.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * Runs one scenario. `scenario`: `name`, `targets` (in report order), `defaults` (rounds,
 * duration), `usage`, `start({ children, tempDir, options, nginxBinary, log })` → `{ runs,
 * processes }`, `summarize(rows, runs)` → summary (may be async), `format({ summary, options })`
 * → text, and optionally `requestOf(run)` for summary.json's request list.
 */
export async function runRoundsScenario(scenario) {
  const { name, targets, defaults, usage } = scenario;
  const options = parseRoundOptions(process.argv.slice(2), { targets, usage, defaults });
  if (options.help) return void console.log(usage);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');
  const nginxWanted = targets.includes('nginx') && options.only.includes('nginx');
  const nginxBinary = nginxWanted ? findNginx() : undefined;
  if (nginxWanted && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root: the temp dir must be readable to them.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: `portico-bench-${name}-`, tempMode: 0o755, log });
  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'autocannon' }, nginxBinary });
  environment.loadGenerator = 'autocannon (devDependency, own process; 1 ms latency resolution)';
  try {
    log(`${name} scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; targets ${options.only.join(', ')}`);
    const { runs, processes } = await scenario.start({ children, tempDir, options, nginxBinary, log });
    log(`${options.rounds} rounds x ${runs.length} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections`);
    const rows = await runRounds({ runs, processes, options, signal: stopping.signal, log });
    const summary = await scenario.summarize(rows, runs, environment);
    console.log(scenario.format({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const requests = runs.map(scenario.requestOf ?? ((r) => ({ target: r.target, method: 'GET', url: r.url })));
    const document = { scenario: name, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, requests, ...summary, runs: rows };
    fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    log(`summary: ${file}`);
  } finally {
    await cleanUp();
  }
}

/** A scenario file's entry point: errors end the run with their message and exit code 1. */
export function runMain(main) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
