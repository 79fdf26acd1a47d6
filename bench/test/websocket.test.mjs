// The WebSocket scenario's pieces that run without a gateway: `node --test bench/test/`.
// Option parsing and goal computation are pure; the client processes, the echo check and nginx's
// WebSocket location (when nginx is installed) run against a real bench/ws-backend.mjs on a free port.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Children, freePort, waitForPort } from '../lib/children.mjs';
import { findNginx } from '../lib/nginx.mjs';
import { LatencyHistogram } from '../lib/websocket/latency-histogram.mjs';
import { echoCheck } from '../lib/websocket/echo-check.mjs';
import { openIdleConnections, runThroughput } from '../lib/websocket/load-processes.mjs';
import { parseWebsocketOptions } from '../lib/websocket/options.mjs';
import { formatWebsocketReport, idleGoal, median, summarizeWebsocket, throughputGoal, versusNginx } from '../lib/websocket/summary.mjs';
import { startWebsocketTargets } from '../lib/websocket/targets.mjs';

const WS_BACKEND = fileURLToPath(new URL('../ws-backend.mjs', import.meta.url));
const MB = 1024 * 1024;

describe('websocket options', () => {
  test('defaults: 3 rounds of 10 s, 50 connections x 16 in flight, 128-byte messages, 1,000 idle connections', () => {
    const o = parseWebsocketOptions([]);
    assert.deepEqual(
      { duration: o.duration, rounds: o.rounds, connections: o.connections, window: o.window, messageBytes: o.messageBytes, idleConnections: o.idleConnections, parts: o.parts },
      { duration: 10, rounds: 3, connections: 50, window: 16, messageBytes: 128, idleConnections: 1000, parts: ['throughput', 'idle'] },
    );
  });
  test('--duration, --rounds and --connections are honoured, inline or not', () => {
    const o = parseWebsocketOptions(['--duration', '4', '--rounds=2', '--connections', '8', '--message-bytes', '64', '--idle-connections=20']);
    assert.deepEqual([o.duration, o.rounds, o.connections, o.messageBytes, o.idleConnections], [4, 2, 8, 64, 20]);
  });
  test('--quick shortens only what was not given', () => {
    const o = parseWebsocketOptions(['--quick', '--rounds', '2']);
    assert.deepEqual([o.duration, o.warmup, o.rounds, o.hold, o.quick], [3, 1, 2, 2, true]);
  });
  test('--only picks targets among direct,nginx,portico, all by default, in that order', () => {
    assert.deepEqual(parseWebsocketOptions([]).only, ['direct', 'nginx', 'portico']);
    assert.deepEqual(parseWebsocketOptions(['--only', 'portico,nginx']).only, ['nginx', 'portico']);
    assert.throws(() => parseWebsocketOptions(['--only', 'haproxy']), { message: '--only: expected some of direct,nginx,portico, got haproxy' });
  });
  test('bad values fail naming the flag', () => {
    assert.throws(() => parseWebsocketOptions(['--connections', '0']), { message: '--connections: expected an integer from 1 to 5000, got 0' });
    assert.throws(() => parseWebsocketOptions(['--parts', 'idle,speed']), { message: '--parts: expected some of throughput,idle, got idle,speed' });
    assert.throws(() => parseWebsocketOptions(['--modes', 'get']), /^Error: unknown option --modes/);
  });
});

describe('websocket goals', () => {
  const row = (round, target, messagesPerSecond, extra = {}) => ({ round, target, messagesPerSecond, p50Ms: 1, p99Ms: 2, errors: 0, cpuUsPerMessage: target === 'direct' ? null : 20, ...extra });

  test('median of odd and even counts, ignoring missing values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, null, 2, 3]), 2.5);
    assert.equal(median([]), null);
  });
  test('throughput: the ratio of the medians, PASS from 0.5x', () => {
    const rows = [row(1, 'direct', 100_000), row(1, 'portico', 40_000), row(2, 'portico', 60_000), row(2, 'direct', 120_000), row(3, 'direct', 110_000), row(3, 'portico', 55_000)];
    const { throughput } = summarizeWebsocket({ rows });
    assert.equal(throughput.direct.messagesPerSecond, 110_000);
    assert.equal(throughput.portico.messagesPerSecond, 55_000);
    assert.equal(throughput.goal.ratio, 0.5);
    assert.equal(throughput.goal.status, 'PASS');
    assert.deepEqual(throughput.roundRatios, [0.4, 0.5, 0.5]);
  });
  test('throughput: FAIL below 0.5x, and with errors whatever the ratio', () => {
    assert.equal(throughputGoal({ messagesPerSecond: 100, errors: 0 }, { messagesPerSecond: 49, errors: 0 }).status, 'FAIL');
    const withErrors = throughputGoal({ messagesPerSecond: 100, errors: 0 }, { messagesPerSecond: 90, errors: 3 });
    assert.deepEqual([withErrors.status, withErrors.note], ['FAIL', 'errors during the runs']);
    assert.equal(throughputGoal(null, { messagesPerSecond: 90, errors: 0 }).status, 'NOT MEASURED');
  });
  test('nginx: its medians, and Portico / nginx for messages/s and CPU per message, per round too', () => {
    const rows = [
      row(1, 'direct', 100_000),
      row(1, 'nginx', 80_000, { cpuUsPerMessage: 8 }),
      row(1, 'portico', 40_000, { cpuUsPerMessage: 24 }),
      row(2, 'direct', 100_000),
      row(2, 'nginx', 100_000, { cpuUsPerMessage: 6 }),
      row(2, 'portico', 60_000, { cpuUsPerMessage: 18 }),
    ];
    const { throughput } = summarizeWebsocket({ rows });
    assert.deepEqual([throughput.nginx.messagesPerSecond, throughput.nginx.cpuUsPerMessage], [90_000, 7]);
    assert.deepEqual(throughput.versusNginx, { messagesPerSecondRatio: 50_000 / 90_000, cpuPerMessageRatio: 3, roundRatios: [0.5, 0.6] });
    assert.equal(throughput.goal.status, 'PASS'); // the goal stays against direct
  });
  test('nginx: no ratios without it or without a figure', () => {
    const { throughput } = summarizeWebsocket({ rows: [row(1, 'direct', 1000), row(1, 'portico', 600)] });
    assert.equal(throughput.nginx, null);
    assert.equal(throughput.versusNginx, null);
    assert.deepEqual(versusNginx({ messagesPerSecond: 100, cpuUsPerMessage: null }, { messagesPerSecond: 50, cpuUsPerMessage: 10 }), { messagesPerSecondRatio: 0.5, cpuPerMessageRatio: null });
  });
  const idle = (extra) => ({ requested: 1000, opened: 1000, droppedWhileHeld: 0, rssBeforeBytes: 80 * MB, rssHeldBytes: 80 * MB, rssAfterCloseBytes: 85 * MB, openSeconds: 1, ...extra });
  test('idle: held - before, PASS up to 100 MB, with the cost per connection', () => {
    const g = idleGoal(idle({ rssHeldBytes: 130 * MB }));
    assert.deepEqual([g.status, g.extraMb, g.kibPerConnection, g.afterCloseMb], ['PASS', 50, 51.2, 5]);
    assert.equal(idleGoal(idle({ rssHeldBytes: 181 * MB })).status, 'FAIL');
  });
  test('idle: FAIL when not every connection was opened and held, however small the RSS', () => {
    assert.deepEqual([idleGoal(idle({ opened: 990 })).status, idleGoal(idle({ opened: 990 })).note], ['FAIL', '990 of 1000 opened, 0 dropped while held']);
    assert.equal(idleGoal(idle({ droppedWhileHeld: 1 })).status, 'FAIL');
  });
  test('the report prints both goals with their status', () => {
    const options = parseWebsocketOptions([]);
    const summary = summarizeWebsocket({ rows: [row(1, 'direct', 1000), row(1, 'portico', 400)], idle: idle({ rssHeldBytes: 100 * MB }) });
    const text = formatWebsocketReport({ summary, options });
    assert.match(text, /FAIL {2}Portico >= 0.5x direct messages\/s: 0.40x/);
    assert.match(text, /PASS {2}1000 idle connections add <= 100 MB to Portico's RSS: \+20.0 MB \(20.5 KiB per connection\)/);
    assert.match(text, /info {2}Portico \/ nginx: nginx not measured/);
  });
  test('the report sets nginx beside Portico: its row, the ratios and its idle figures, as no goal', () => {
    const options = parseWebsocketOptions([]);
    const rows = [row(1, 'direct', 1000), row(1, 'nginx', 800, { cpuUsPerMessage: 10 }), row(1, 'portico', 600, { cpuUsPerMessage: 25 })];
    const summary = summarizeWebsocket({ rows, idle: idle({ rssHeldBytes: 100 * MB }), nginxIdle: idle({ rssBeforeBytes: 10 * MB, rssHeldBytes: 20 * MB, rssAfterCloseBytes: 11 * MB }) });
    assert.deepEqual([summary.nginxIdle.extraMb, summary.nginxIdle.kibPerConnection, summary.nginxIdle.goal], [10, 10.24, undefined]);
    const text = formatWebsocketReport({ summary, options });
    assert.match(text, /\n {2}nginx +800 +1\.00 +2\.00 +10\.0 +0\n/);
    assert.match(text, /info {2}Portico \/ nginx \(reported, not a goal\): 0\.75x messages\/s \(per round 0\.75\), 2\.50x CPU per message/);
    assert.match(text, /nginx RSS \(master \+ worker\): \+10\.0 MB held \(10\.2 KiB per connection\), 1\.0 MB above before after closing/);
  });
  test('latency histogram quantiles, in 10 us buckets', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.record(i / 10); // 0.1 .. 10 ms
    assert.equal(h.quantileMs(0.5), 5.01);
    assert.equal(h.quantileMs(0.99), 9.91);
    assert.equal(new LatencyHistogram().quantileMs(0.5), null);
  });
});

describe('client processes against a real ws echo backend', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ws-test-'));
  const children = new Children(dir);
  let url;
  before(async () => {
    const port = await freePort();
    const child = children.start('ws-backend', process.execPath, [WS_BACKEND], { env: { ...process.env, PORT: String(port) } });
    await waitForPort(port, child);
    url = `ws://127.0.0.1:${port}/echo`;
    children.backend = child;
  });
  after(async () => {
    await children.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the echo check passes on the backend and names the target when nothing answers', async () => {
    await echoCheck({ name: 'direct', url, child: children.backend });
    const port = await freePort();
    await assert.rejects(echoCheck({ name: 'portico', url: `ws://127.0.0.1:${port}/x`, child: { logFile: 'portico.log' } }), /^Error: echo check failed on portico .*\(see portico.log\)$/);
  });
  test('a throughput run counts echoed messages with round-trip times, and says when it starts measuring', async () => {
    let measuring = 0;
    const result = await runThroughput({ url, connections: 4, window: 4, messageBytes: 128, warmup: 0, seconds: 1 }, { onMeasuring: () => measuring++ });
    assert.equal(measuring, 1);
    assert.ok(result.messages > 0, `messages: ${result.messages}`);
    assert.equal(result.errors, 0);
    assert.ok(result.p50Ms > 0 && result.p99Ms >= result.p50Ms);
  });
  test('nginx relays WebSocket under /bench-ws: echo checked, master and worker measured', { skip: findNginx() ? false : 'nginx not installed' }, async () => {
    const ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ws-nginx-'));
    fs.chmodSync(ownDir, 0o755); // nginx workers may run as another user
    const own = new Children(ownDir);
    try {
      const options = { ...parseWebsocketOptions([]), only: ['direct', 'nginx'] };
      const { targets } = await startWebsocketTargets({ children: own, tempDir: ownDir, nginxBinary: findNginx(), options, log: () => undefined });
      const nginx = targets.find((t) => t.name === 'nginx');
      assert.match(nginx.url, /^ws:\/\/127\.0\.0\.1:\d+\/bench-ws\/echo$/);
      assert.ok(nginx.pids.length >= 2, `pids: ${nginx.pids}`);
      const result = await runThroughput({ url: nginx.url, connections: 2, window: 2, messageBytes: 64, warmup: 0, seconds: 1 }, { onMeasuring: () => undefined });
      assert.ok(result.messages > 0 && result.errors === 0, JSON.stringify(result));
    } finally {
      await own.stopAll();
      fs.rmSync(ownDir, { recursive: true, force: true });
    }
  });
  test('the idle client opens its connections in batches, holds them and closes them', async () => {
    const held = await openIdleConnections({ url, count: 25, batch: 10 });
    assert.deepEqual([held.opened, held.failed], [25, 0]);
    const closed = await held.close();
    assert.deepEqual([closed.droppedWhileHeld, closed.timedOut], [0, false]);
  });
});
