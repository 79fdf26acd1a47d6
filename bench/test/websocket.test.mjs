// The WebSocket scenario's pieces that run without a gateway: `node --test bench/test/`.
// Option parsing and goal computation are pure; the client processes and the echo check run
// against a real bench/ws-backend.mjs on a free port.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Children, freePort, waitForPort } from '../lib/children.mjs';
import { LatencyHistogram } from '../lib/websocket/latency-histogram.mjs';
import { echoCheck } from '../lib/websocket/echo-check.mjs';
import { openIdleConnections, runThroughput } from '../lib/websocket/load-processes.mjs';
import { parseWebsocketOptions } from '../lib/websocket/options.mjs';
import { formatWebsocketReport, idleGoal, median, summarizeWebsocket, throughputGoal } from '../lib/websocket/summary.mjs';

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
  test('bad values fail naming the flag', () => {
    assert.throws(() => parseWebsocketOptions(['--connections', '0']), { message: '--connections: expected an integer from 1 to 5000, got 0' });
    assert.throws(() => parseWebsocketOptions(['--parts', 'idle,speed']), { message: '--parts: expected some of throughput,idle, got idle,speed' });
    assert.throws(() => parseWebsocketOptions(['--modes', 'get']), /^Error: unknown option --modes/);
  });
});

describe('websocket goals', () => {
  const row = (round, target, messagesPerSecond, extra = {}) => ({ round, target, messagesPerSecond, p50Ms: 1, p99Ms: 2, errors: 0, cpuUsPerMessage: target === 'portico' ? 20 : null, ...extra });

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
  test('the idle client opens its connections in batches, holds them and closes them', async () => {
    const held = await openIdleConnections({ url, count: 25, batch: 10 });
    assert.deepEqual([held.opened, held.failed], [25, 0]);
    const closed = await held.close();
    assert.deepEqual([closed.droppedWhileHeld, closed.timedOut], [0, false]);
  });
});
