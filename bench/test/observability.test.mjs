// The observability scenario's pure parts: `node --test bench/test/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatObservabilityReport, summarizeObservability } from '../lib/observability/summary.mjs';
import { parseRoundOptions } from '../lib/round-options.mjs';
import { OBSERVABILITY_TARGETS } from '../lib/observability/targets.mjs';

const row = (round, target, rps, cpu) => ({ round, target, rps, p50Ms: 3, p99Ms: 9, errors: 0, cpuUsPerRequest: cpu, backendCpuUsPerRequest: 20 });

describe('observability scenario', () => {
  test('options: every target by default, --only keeps report order', () => {
    assert.deepEqual(parseRoundOptions([], { targets: OBSERVABILITY_TARGETS, usage: '' }).only, ['direct', 'nginx', 'portico-off', 'portico-on']);
    assert.deepEqual(parseRoundOptions(['--only', 'portico-on,portico-off'], { targets: OBSERVABILITY_TARGETS, usage: '' }).only, ['portico-off', 'portico-on']);
  });

  test('on / off against the 0.9 goal, with the CPU the two add per request', () => {
    const rows = [row(1, 'portico-off', 10_000, 80), row(1, 'portico-on', 9_500, 84), row(2, 'portico-off', 10_000, 80), row(2, 'portico-on', 8_000, 86), row(1, 'nginx', 20_000, 30)];
    const summary = summarizeObservability(rows, { status: 200, requestsCounted: 17_500, accessLines: 17_500 });
    assert.deepEqual(summary.onVersusOff.roundRatios, [0.95, 0.8]);
    assert.equal(summary.onVersusOff.rpsRatio, 8750 / 10_000);
    assert.equal(summary.onVersusOff.pairedRatio, (0.95 + 0.8) / 2);
    assert.equal(summary.onVersusOff.met, false);
    assert.equal(summary.onVersusOff.gatewayCpuUsPerRequestAdded, 5);
    assert.equal(summary.versusNginx.on.cpuRatio, 85 / 30);
    const report = formatObservabilityReport({ summary, options: { connections: 50, rounds: 2, duration: 10 } });
    assert.match(report, /FAIL {2}on \/ off: 0\.88x req\/s, median of the rounds \(per round 0\.95, 0\.80\) \(goal >= 0\.9x\); 0\.88x between the targets' medians; \+5\.0 gateway CPU us per request/);
    assert.match(report, /portico-on recorded: 17500 requests/);
  });
});
