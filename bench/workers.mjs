#!/usr/bin/env node
// `npm run bench -- --scenario workers`: issue 22's figure. What does a second data-plane worker
// buy? The same 1024-byte GET /items through two Portico gateways that differ only in `workers`
// (1 and 2), the backend directly and nginx for reference; interleaved rounds, req/s, latency, CPU
// per request summed over every gateway process. Goal: 2 workers >= 1.6x one, with cores to spare.
import { roundOptionsUsage } from './lib/round-options.mjs';
import { runMain, runRoundsScenario } from './lib/rounds-scenario.mjs';
import { formatWorkersReport, summarizeWorkers } from './lib/workers/summary.mjs';
import { startWorkersTargets, WORKERS_TARGETS } from './lib/workers/targets.mjs';

const DEFAULTS = { rounds: 5, duration: 10 };

export const USAGE = `usage: npm run bench -- --scenario workers [options]   (or: node bench/workers.mjs [options] after npm run build)
${roundOptionsUsage(`  --only LIST       targets among ${WORKERS_TARGETS.join(',')} (default all; nginx only when installed)`, DEFAULTS)}`;

runMain(() =>
  runRoundsScenario({
    name: 'workers',
    targets: WORKERS_TARGETS,
    defaults: DEFAULTS,
    usage: USAGE,
    start: startWorkersTargets,
    summarize: (rows, _runs, environment) => summarizeWorkers(rows, { cpus: environment.cpus }),
    format: formatWorkersReport,
    requestOf: (r) => ({ target: r.target, method: 'GET', url: r.url, workers: r.workers, gatewayPids: r.gatewayPids }),
  }),
);
