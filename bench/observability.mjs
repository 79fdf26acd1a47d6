#!/usr/bin/env node
// `npm run bench -- --scenario observability`: issue 21's figure. What do the access log and the
// metrics cost? The same 1024-byte GET /items through two Portico gateways that differ only in
// them (both off; both on, the default), the backend directly and nginx for reference; interleaved
// rounds, req/s, latency, CPU per request. Goal: on >= 0.9x off. See bench/README.md.
import { formatObservabilityReport, summarizeObservability } from './lib/observability/summary.mjs';
import { checkObservabilityOn, OBSERVABILITY_TARGETS, startObservabilityTargets } from './lib/observability/targets.mjs';
import { roundOptionsUsage } from './lib/round-options.mjs';
import { runMain, runRoundsScenario } from './lib/rounds-scenario.mjs';

/**
 * More, shorter rounds than the other scenarios: the goal compares two Portico runs a few percent
 * apart, and this VM's speed swings by more than that within minutes; the verdict is the median
 * of the per-round ratios, so more pairs steady it.
 */
const DEFAULTS = { rounds: 9, duration: 5 };

export const USAGE = `usage: npm run bench -- --scenario observability [options]   (or: node bench/observability.mjs [options] after npm run build)
${roundOptionsUsage(`  --only LIST       targets among ${OBSERVABILITY_TARGETS.join(',')} (default all; nginx only when installed)`, DEFAULTS)}`;

runMain(() =>
  runRoundsScenario({
    name: 'observability',
    targets: OBSERVABILITY_TARGETS,
    defaults: DEFAULTS,
    usage: USAGE,
    start: startObservabilityTargets,
    summarize: async (rows, runs) => {
      const on = runs.find((r) => r.target === 'portico-on');
      return summarizeObservability(rows, on ? await checkObservabilityOn(on) : undefined);
    },
    format: formatObservabilityReport,
  }),
);
