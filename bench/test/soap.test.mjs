// The SOAP scenario's pieces that run without a gateway: `node --test bench/test/`.
// Option parsing and the summary are pure; the soap backend (bench/soap-backend.mjs) runs on a free
// port and must answer the scenario's envelope, keep what a marked request sent, and take a short
// autocannon load with the SOAP headers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Children, freePort, waitForPort } from '../lib/children.mjs';
import { runAutocannon } from '../lib/load-autocannon.mjs';
import { findNginx } from '../lib/nginx.mjs';
import { answerProblem, send } from '../lib/soap/answer-check.mjs';
import { parseSoapOptions, runsOfRound } from '../lib/soap/options.mjs';
import { PLACE_ORDER_ANSWER_JSON, PLACE_ORDER_ENVELOPE, SOAP_ACTION, SOAP_CONTENT_TYPE } from '../lib/soap/order-messages.mjs';
import { formatSoapReport, median, summarizeSoap } from '../lib/soap/summary.mjs';
import { startSoapTargets } from '../lib/soap/targets.mjs';

const SOAP_BACKEND = fileURLToPath(new URL('../soap-backend.mjs', import.meta.url));

describe('soap options', () => {
  test('defaults: both modes, all targets, 3 rounds of 2 + 10 s, 50 connections', () => {
    const o = parseSoapOptions([]);
    assert.deepEqual(
      { modes: o.modes, only: o.only, rounds: o.rounds, warmup: o.warmup, duration: o.duration, connections: o.connections, quick: o.quick },
      { modes: ['pass-through', 'rest-to-soap'], only: ['direct', 'nginx', 'portico'], rounds: 3, warmup: 2, duration: 10, connections: 50, quick: false },
    );
  });
  test('values are honoured, inline or not; --quick shortens only what was not given', () => {
    const o = parseSoapOptions(['--duration', '4', '--rounds=2', '--connections', '8', '--modes', 'rest-to-soap']);
    assert.deepEqual([o.duration, o.rounds, o.connections, o.modes], [4, 2, 8, ['rest-to-soap']]);
    const q = parseSoapOptions(['--quick', '--rounds', '2']);
    assert.deepEqual([q.duration, q.warmup, q.rounds, q.quick], [3, 1, 2, true]);
  });
  test('bad values fail naming the flag', () => {
    assert.throws(() => parseSoapOptions(['--connections', '0']), { message: '--connections: expected an integer from 1 to 5000, got 0' });
    assert.throws(() => parseSoapOptions(['--modes', 'soap12']), { message: '--modes: expected some of pass-through,rest-to-soap, got soap12' });
    assert.throws(() => parseSoapOptions(['--only', 'haproxy']), { message: '--only: expected some of direct,nginx,portico, got haproxy' });
    assert.throws(() => parseSoapOptions(['--window', '4']), /^Error: unknown option --window/);
    assert.equal(parseSoapOptions(['--help']).help, true);
  });
  test('a round runs every mode on its targets: nginx passes through only', () => {
    assert.deepEqual(runsOfRound(parseSoapOptions([])), [
      ['pass-through', 'direct'],
      ['pass-through', 'nginx'],
      ['pass-through', 'portico'],
      ['rest-to-soap', 'direct'],
      ['rest-to-soap', 'portico'],
    ]);
    assert.deepEqual(runsOfRound(parseSoapOptions(['--only', 'nginx,portico', '--modes', 'rest-to-soap'])), [['rest-to-soap', 'portico']]);
  });
});

describe('soap summary', () => {
  const row = (round, mode, target, rps, extra = {}) => ({ round, mode, target, rps, p50Ms: 10, p99Ms: 30, errors: 0, cpuUsPerRequest: target === 'direct' ? null : 100, ...extra });

  test('median of odd and even counts, ignoring missing values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, null, 2, 3]), 2.5);
    assert.equal(median([]), null);
  });
  test('pass-through: medians, Portico / direct and Portico / nginx, per round too', () => {
    const rows = [
      row(1, 'pass-through', 'direct', 4000),
      row(1, 'pass-through', 'nginx', 3000, { cpuUsPerRequest: 50 }),
      row(1, 'pass-through', 'portico', 2000, { cpuUsPerRequest: 200 }),
      row(2, 'pass-through', 'direct', 6000),
      row(2, 'pass-through', 'nginx', 5000, { cpuUsPerRequest: 30 }),
      row(2, 'pass-through', 'portico', 3000, { cpuUsPerRequest: 180 }),
    ];
    const pass = summarizeSoap(rows)['pass-through'];
    assert.deepEqual([pass.direct.rps, pass.direct.rpsMin, pass.direct.rpsMax, pass.nginx.cpuUsPerRequest, pass.portico.cpuUsPerRequest], [5000, 4000, 6000, 40, 190]);
    assert.deepEqual(pass.versusDirect, { rpsRatio: 0.5, roundRatios: [0.5, 0.5] });
    assert.deepEqual(pass.versusNginx, { rpsRatio: 2500 / 4000, cpuRatio: 190 / 40, roundRatios: [2000 / 3000, 3000 / 5000] });
  });
  test('rest-to-soap: its own direct, no nginx, and the CPU the mediation adds over pass-through', () => {
    const rows = [row(1, 'pass-through', 'portico', 3000, { cpuUsPerRequest: 200 }), row(1, 'rest-to-soap', 'direct', 4000), row(1, 'rest-to-soap', 'portico', 2000, { cpuUsPerRequest: 320 })];
    const summary = summarizeSoap(rows);
    assert.equal(summary['rest-to-soap'].versusDirect.rpsRatio, 0.5);
    assert.equal(summary['rest-to-soap'].versusNginx, null);
    assert.deepEqual(summary.mediation, { passThroughCpuUs: 200, restToSoapCpuUs: 320, addedCpuUs: 120 });
    assert.equal(summarizeSoap([row(1, 'rest-to-soap', 'portico', 1)]).mediation, null);
  });
  test('the report prints both tables and the ratios as info lines, and warns about errors', () => {
    const options = parseSoapOptions([]);
    const rows = [
      row(1, 'pass-through', 'direct', 4000),
      row(1, 'pass-through', 'portico', 2000, { cpuUsPerRequest: 200 }),
      row(1, 'rest-to-soap', 'direct', 4000),
      row(1, 'rest-to-soap', 'portico', 1000, { cpuUsPerRequest: 320, errors: 3 }),
    ];
    const text = formatSoapReport({ summary: summarizeSoap(rows), options });
    assert.match(text, /\n {2}portico +2000 +10\.0 +30\.0 +200\.0 +0\n/);
    assert.match(text, /info {2}Portico \/ direct: 0\.50x req\/s\n/);
    assert.match(text, /info {2}Portico \/ nginx: nginx not measured/);
    assert.match(text, /info {2}Portico \/ direct: 0\.25x req\/s; Portico 320\.0 CPU us\/request/);
    assert.match(text, /mediation over pass-through: 320\.0 vs 200\.0 CPU us\/request \(\+120\.0\)/);
    assert.match(text, /WARNING {2}3 errors/);
  });
});

describe('the soap backend', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-soap-test-'));
  const children = new Children(dir);
  let base;
  const envelope = (url) => ({ url, body: PLACE_ORDER_ENVELOPE, headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: SOAP_ACTION } });
  before(async () => {
    const port = await freePort();
    const child = children.start('soap-backend', process.execPath, [SOAP_BACKEND], { env: { ...process.env, PORT: String(port) } });
    await waitForPort(port, child);
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await children.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('answers the PlaceOrder envelope with its PlaceOrderResponse', async () => {
    const answer = await send(envelope(`${base}/orders`));
    assert.equal(answerProblem('soap', answer), undefined, answer.text);
    assert.equal(answer.contentType, SOAP_CONTENT_TYPE);
  });
  test('keeps the last request marked x-bench-capture, headers and body', async () => {
    await send(envelope(`${base}/orders`), { 'x-bench-capture': '1' });
    const captured = await (await fetch(`${base}/captured`)).json();
    assert.deepEqual(captured, { url: '/orders', headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: SOAP_ACTION }, body: PLACE_ORDER_ENVELOPE });
  });
  test('the answer checks refuse a fault, another path and the wrong JSON', async () => {
    const fault = await send({ ...envelope(`${base}/orders`), body: PLACE_ORDER_ENVELOPE.replace('<ord:quantity>2', '<ord:quantity>x') });
    assert.ok(answerProblem('soap', { ...fault, status: 200 }) !== undefined);
    assert.match(answerProblem('soap', await send(envelope(`${base}/nowhere`))), /^HTTP 404/);
    const json = (body) => ({ status: 200, contentType: 'application/json', text: JSON.stringify(body) });
    assert.equal(answerProblem('json', json(PLACE_ORDER_ANSWER_JSON)), undefined);
    assert.match(answerProblem('json', json({ ...PLACE_ORDER_ANSWER_JSON, orderId: 9007199254740992 })), /^not the expected JSON/);
  });
  test('autocannon sends the SOAP headers given in the spec on every request', async () => {
    const bodyFile = path.join(dir, 'envelope.xml');
    fs.writeFileSync(bodyFile, PLACE_ORDER_ENVELOPE);
    const headers = { 'content-type': SOAP_CONTENT_TYPE, soapaction: SOAP_ACTION, 'x-bench-capture': '1' };
    const result = await runAutocannon({ url: `${base}/orders`, method: 'POST', bodyFile, headers, connections: 2, seconds: 1 });
    assert.ok(result.requests > 0, JSON.stringify(result));
    assert.deepEqual([result.errors, result.non2xx], [0, 0]);
    const captured = await (await fetch(`${base}/captured`)).json();
    assert.deepEqual([captured.headers, captured.body], [{ 'content-type': SOAP_CONTENT_TYPE, soapaction: SOAP_ACTION }, PLACE_ORDER_ENVELOPE]);
  });
  test('without Portico: nginx passes the envelope through under /bench, direct REST-to-SOAP sends the pass-through envelope', { skip: findNginx() ? false : 'nginx not installed' }, async () => {
    const ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-soap-nginx-'));
    fs.chmodSync(ownDir, 0o755); // nginx workers may run as another user
    const own = new Children(ownDir);
    try {
      const options = parseSoapOptions(['--only', 'direct,nginx']);
      const { runs, envelopeSource } = await startSoapTargets({ children: own, tempDir: ownDir, nginxBinary: findNginx(), options, log: () => undefined });
      assert.deepEqual(runs.map((r) => `${r.mode} ${r.target.name}`), ['pass-through direct', 'pass-through nginx', 'rest-to-soap direct']);
      const nginx = runs.find((r) => r.target.name === 'nginx');
      assert.match(nginx.request.url, /^http:\/\/127\.0\.0\.1:\d+\/bench\/orders$/);
      assert.ok(nginx.target.pids.length >= 2, `pids: ${nginx.target.pids}`);
      assert.equal(fs.readFileSync(runs[2].request.bodyFile, 'utf8'), PLACE_ORDER_ENVELOPE);
      assert.equal(envelopeSource, 'the pass-through envelope (Portico not measured)');
    } finally {
      await own.stopAll();
      fs.rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
