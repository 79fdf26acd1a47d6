// The function scenario's pieces that run without a gateway: `node --test bench/test/`.
// Option parsing, the summary and its report are pure; the handler module the scenario writes is
// imported here as the gateway would, and the answer check judged on answers built by hand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { answerProblem } from '../lib/function/answer-check.mjs';
import { HANDLER_MODULE, writeItemsHandler } from '../lib/function/items-handler.mjs';
import { needsGateway, parseFunctionOptions } from '../lib/function/options.mjs';
import { rowOf } from '../lib/interleaved-rounds.mjs';
import { formatFunctionReport, summarizeFunction } from '../lib/function/summary.mjs';
import { TARGET_PATHS } from '../lib/function/targets.mjs';
import { ITEMS_BODY } from '../lib/payloads.mjs';

describe('function options', () => {
  test('defaults: all three targets, 3 rounds of 2 + 10 s, 50 connections', () => {
    const o = parseFunctionOptions([]);
    assert.deepEqual(
      { only: o.only, rounds: o.rounds, warmup: o.warmup, duration: o.duration, connections: o.connections, quick: o.quick, help: o.help },
      { only: ['direct', 'portico-rest', 'portico-function'], rounds: 3, warmup: 2, duration: 10, connections: 50, quick: false, help: false },
    );
  });
  test('values are honoured, inline or not; --quick shortens only what was not given', () => {
    const o = parseFunctionOptions(['--duration', '4', '--rounds=2', '--connections', '8', '--warmup=0']);
    assert.deepEqual([o.duration, o.rounds, o.connections, o.warmup], [4, 2, 8, 0]);
    const q = parseFunctionOptions(['--quick', '--rounds', '2']);
    assert.deepEqual([q.duration, q.warmup, q.rounds, q.quick], [3, 1, 2, true]);
  });
  test('--only keeps the targets in their own order; the gateway starts only for a Portico target', () => {
    const o = parseFunctionOptions(['--only', 'portico-function,direct']);
    assert.deepEqual(o.only, ['direct', 'portico-function']);
    assert.equal(needsGateway(o), true);
    assert.equal(needsGateway(parseFunctionOptions(['--only', 'direct'])), false);
  });
  test('bad values fail naming the flag', () => {
    assert.throws(() => parseFunctionOptions(['--connections', '0']), { message: '--connections: expected an integer from 1 to 5000, got 0' });
    assert.throws(() => parseFunctionOptions(['--rounds', '1.5']), { message: '--rounds: expected an integer from 1 to 20, got 1.5' });
    assert.throws(() => parseFunctionOptions(['--only', 'nginx']), { message: '--only: expected some of direct,portico-rest,portico-function, got nginx' });
    assert.throws(() => parseFunctionOptions(['--duration']), { message: '--duration: expected a value' });
    assert.throws(() => parseFunctionOptions(['--modes', 'get']), /^Error: unknown option --modes/);
    assert.equal(parseFunctionOptions(['-h']).help, true);
  });
});

describe('function summary', () => {
  const row = (round, target, rps, extra = {}) => ({
    round,
    target,
    rps,
    p50Ms: 10,
    p99Ms: 30,
    errors: 0,
    cpuUsPerRequest: target === 'direct' ? null : 100,
    backendCpuUsPerRequest: target === 'portico-function' ? 0 : 50,
    ...extra,
  });
  const rows = [
    row(1, 'direct', 10000, { backendCpuUsPerRequest: 40 }),
    row(1, 'portico-rest', 4000, { cpuUsPerRequest: 200 }),
    row(1, 'portico-function', 8000, { cpuUsPerRequest: 60 }),
    row(2, 'direct', 12000, { backendCpuUsPerRequest: 60 }),
    row(2, 'portico-rest', 6000, { cpuUsPerRequest: 220 }),
    row(2, 'portico-function', 6000, { cpuUsPerRequest: 80 }),
  ];

  test('a row turns CPU seconds into us per request, the gateway\'s only where there is one', () => {
    const result = { requests: 20000, seconds: 2, p50Ms: 1, p99Ms: 4, errors: 1, non2xx: 2 };
    const proxied = rowOf({ round: 1, target: 'portico-rest', result, cpu: { gateway: 2, backend: 0.5 }, rssPeakMb: 90 });
    assert.deepEqual([proxied.rps, proxied.errors, proxied.cpuUsPerRequest, proxied.cpuCores, proxied.backendCpuUsPerRequest, proxied.rssPeakMb], [10000, 3, 100, 1, 25, 90]);
    const direct = rowOf({ round: 1, target: 'direct', result, cpu: { backend: 1 } });
    assert.deepEqual([direct.cpuUsPerRequest, direct.cpuCores, direct.backendCpuUsPerRequest, direct.rssPeakMb], [null, null, 50, null]);
    assert.equal(rowOf({ round: 1, target: 'direct', result: { ...result, requests: 0 }, cpu: { backend: 1 } }).backendCpuUsPerRequest, null);
  });
  test('medians per target, with the gateway + backend CPU of each run', () => {
    const { targets } = summarizeFunction(rows);
    assert.deepEqual([targets.direct.rps, targets.direct.rpsMin, targets.direct.rpsMax], [11000, 10000, 12000]);
    assert.deepEqual([targets.direct.gatewayCpuUsPerRequest, targets.direct.backendCpuUsPerRequest, targets.direct.serverCpuUsPerRequest], [null, 50, 50]);
    assert.deepEqual([targets['portico-rest'].gatewayCpuUsPerRequest, targets['portico-rest'].serverCpuUsPerRequest], [210, 260]);
    assert.deepEqual([targets['portico-function'].gatewayCpuUsPerRequest, targets['portico-function'].serverCpuUsPerRequest], [70, 70]);
  });
  test('function / direct and function / rest: medians, per round, and CPU', () => {
    const summary = summarizeFunction(rows);
    assert.deepEqual(summary.functionVersusDirect, { rpsRatio: 7000 / 11000, roundRatios: [0.8, 0.5], cpuRatio: 70 / 50 });
    assert.deepEqual(summary.functionVersusRest, { rpsRatio: 7000 / 5000, roundRatios: [2, 1], gatewayCpuRatio: 70 / 210, serverCpuRatio: 70 / 260 });
    assert.deepEqual(summary.restVersusDirect, { rpsRatio: 5000 / 11000, roundRatios: [0.4, 0.5] });
    assert.equal(summary.errors, 0);
  });
  test('a target not measured leaves its ratios null', () => {
    const summary = summarizeFunction(rows.filter((r) => r.target !== 'portico-rest'));
    assert.equal(summary.targets['portico-rest'], null);
    assert.equal(summary.functionVersusRest, null);
    assert.equal(summary.restVersusDirect, null);
    assert.equal(summary.functionVersusDirect.rpsRatio, 7000 / 11000);
  });
  test('the report prints the table and the ratios as info lines, and warns about errors', () => {
    const options = parseFunctionOptions([]);
    const text = formatFunctionReport({ summary: summarizeFunction([...rows, row(3, 'portico-function', 7000, { errors: 2 })]), options });
    assert.match(text, /\n {2}direct +11000 \(10000-12000\) +10\.0 +30\.0 +- +50\.0 +0\n/);
    assert.match(text, /\n {2}portico-function +7000 \(6000-8000\) +10\.0 +30\.0 +80\.0 +0\.0 +2\n/);
    assert.match(text, /info {2}function \/ direct: 0\.64x req\/s \(per round 0\.80, 0\.50\); 1\.60x CPU per request/);
    assert.match(text, /info {2}function \/ rest: 1\.40x req\/s \(per round 2\.00, 1\.00\); 0\.38x gateway CPU per request, 0\.31x gateway \+ backend/);
    assert.match(text, /info {2}rest \/ direct: 0\.45x req\/s/);
    assert.match(text, /WARNING {2}2 errors/);
    assert.match(formatFunctionReport({ summary: summarizeFunction(rows.filter((r) => r.target === 'direct')), options }), /info {2}no ratios/);
  });
});

describe('the function target', () => {
  test('each target is asked for GET /items, the Portico ones under their base paths', () => {
    assert.deepEqual(TARGET_PATHS, { direct: '/items', 'portico-rest': '/bench/items', 'portico-function': '/bench-fn/items' });
  });
  test('the handler module answers the backend\'s 1024 bytes as application/json, the same Buffer every time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-function-test-'));
    try {
      const file = writeItemsHandler(path.join(dir, 'functions'));
      assert.equal(path.basename(file), HANDLER_MODULE);
      const handler = (await import(pathToFileURL(file).href)).default;
      const first = handler({ method: 'GET', path: '/items' });
      assert.deepEqual([first.status, first.headers], [200, { 'content-type': 'application/json' }]);
      assert.ok(Buffer.isBuffer(first.body));
      assert.equal(first.body.length, 1024);
      assert.ok(first.body.equals(ITEMS_BODY));
      assert.equal(handler({ method: 'GET', path: '/items' }).body, first.body);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('the answer check wants 200, the exact 1024 bytes and JSON', () => {
    const answer = (extra) => ({ status: 200, contentType: 'application/json', body: ITEMS_BODY, ...extra });
    assert.equal(answerProblem(answer()), undefined);
    assert.match(answerProblem(answer({ status: 404, body: Buffer.from('not found') })), /^HTTP 404: not found/);
    assert.equal(answerProblem(answer({ body: ITEMS_BODY.subarray(0, 1000) })), '1000 bytes, expected 1024');
    assert.match(answerProblem(answer({ body: Buffer.alloc(1024, 'x') })), /^not the backend's body/);
    assert.equal(answerProblem(answer({ contentType: 'application/octet-stream' })), 'content-type application/octet-stream');
  });
});
