#!/usr/bin/env node
// `npm run bench -- --scenario function`: issue 20's figures. What does answering a GET from a
// `function` connector handler cost? The same 1024-byte JSON (bench/backend.mjs's GET /items) from
// the backend directly, through Portico's REST proxy and from a handler module in the gateway's
// process, both Portico targets on one function gateway (apps/function-gateway); interleaved rounds,
// req/s, latency, gateway and backend CPU per request. No goal: the figures are reported. See
// bench/README.md, "Function scenario".
import { FUNCTION_TARGETS, USAGE } from './lib/function/options.mjs';
import { formatFunctionReport, summarizeFunction } from './lib/function/summary.mjs';
import { startFunctionTargets } from './lib/function/targets.mjs';
import { runMain, runRoundsScenario } from './lib/rounds-scenario.mjs';

runMain(() =>
  runRoundsScenario({
    name: 'function',
    targets: FUNCTION_TARGETS,
    usage: USAGE,
    start: startFunctionTargets,
    summarize: (rows) => summarizeFunction(rows),
    format: formatFunctionReport,
  }),
);
