// The workers scenario's pure parts: `node --test bench/test/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRoundOptions } from '../lib/round-options.mjs';
import { formatWorkersReport, summarizeWorkers } from '../lib/workers/summary.mjs';
import { WORKERS_TARGETS } from '../lib/workers/targets.mjs';

const row = (round, target, rps, cpu) => ({ round, target, rps, p50Ms: 3, p99Ms: 9, errors: 0, cpuUsPerRequest: cpu, backendCpuUsPerRequest: 20 });
const OPTIONS = { connections: 50, rounds: 2, duration: 10 };

describe('workers scenario', () => {
  test('options: every target by default, in report order', () => {
    assert.deepEqual(parseRoundOptions([], { targets: WORKERS_TARGETS, usage: '' }).only, WORKERS_TARGETS);
  });

  const rows = [row(1, 'portico-1', 10_000, 100), row(1, 'portico-2', 17_000, 104), row(2, 'portico-1', 10_000, 100), row(2, 'portico-2', 15_000, 106), row(1, 'nginx', 20_000, 25)];

  test('2 / 1 against the 1.6 goal: judged with cores to spare, with the CPU the second worker adds', () => {
    const summary = summarizeWorkers(rows, { cpus: 8 });
    assert.deepEqual(summary.twoVersusOne.roundRatios, [1.7, 1.5]);
    assert.equal(summary.twoVersusOne.pairedRatio, 1.6);
    assert.equal(summary.twoVersusOne.met, true);
    assert.equal(summary.twoVersusOne.gatewayCpuUsPerRequestAdded, 5);
    assert.equal(summary.versusNginx.two.rpsRatio, 16_000 / 20_000);
    assert.match(formatWorkersReport({ summary, options: OPTIONS }), /PASS {2}2 workers \/ 1: 1\.60x req\/s, median of the rounds \(per round 1\.70, 1\.50\) \(goal >= 1\.6x\)/);
  });

  test('on a machine without cores to spare the report gives the ratio but no verdict', () => {
    const report = formatWorkersReport({ summary: summarizeWorkers(rows, { cpus: 2 }), options: OPTIONS });
    assert.match(report, /info {2}2 workers \/ 1: 1\.60x/);
    assert.match(report, /note {2}2 CPUs: the goal needs cores to spare/);
    assert.doesNotMatch(report, /PASS|FAIL/);
  });
});
