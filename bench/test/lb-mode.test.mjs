// The load-balanced mode's pieces that run without a gateway: `node --test bench/test/`.
// Two real bench/backend.mjs processes on free ports, and nginx in front of them when installed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Children, freePort, waitForPort } from '../lib/children.mjs';
import { LB_MODE, LB_PATH, checkBalance, checkBothBackendsServe, lbSkipNote, readServed } from '../lib/lb-mode.mjs';
import { formatLb, lbGoals, summarizeLb } from '../lib/lb-summary.mjs';
import { targetsOfMode } from '../lib/mode-targets.mjs';
import { findNginx, startNginx } from '../lib/nginx.mjs';
import { parseOptions } from '../lib/options.mjs';
import { ITEMS_BODY } from '../lib/payloads.mjs';
import { smokeTest } from '../lib/smoke-test.mjs';

const BACKEND = fileURLToPath(new URL('../backend.mjs', import.meta.url));

describe('options', () => {
  test('get-lb is a mode of the default run, and can be chosen alone or with get', () => {
    assert.ok(parseOptions([]).modes.includes('get-lb'));
    assert.deepEqual(parseOptions(['--modes', 'get-lb']).modes, ['get-lb']);
    assert.deepEqual(parseOptions(['--modes=get-lb,get']).modes, ['get', 'get-lb']);
    assert.throws(() => parseOptions(['--modes', 'get-lb3']), { message: '--modes: expected some of get,post,get-jwt,get-jwt-bjwt,get-apikey,get-lb, got get-lb3' });
  });
  test('direct does not run get-lb, with a note; nginx and Portico do', () => {
    const options = parseOptions(['--modes', 'get,get-lb']);
    const measured = options.only.map((name) => ({ name }));
    assert.deepEqual(targetsOfMode(LB_MODE, measured, options).map((t) => t.name), ['nginx', 'portico']);
    assert.deepEqual(targetsOfMode('get', measured, options).map((t) => t.name), ['direct', 'nginx', 'portico']);
    assert.match(lbSkipNote(options), /^get-lb: direct skipped/);
    assert.equal(lbSkipNote(parseOptions(['--modes', 'get-lb', '--only', 'portico'])), undefined);
    assert.equal(lbSkipNote(parseOptions(['--modes', 'get'])), undefined);
  });
});

describe('balance check', () => {
  test('passes two backends near half each and returns their shares', () => {
    assert.deepEqual(checkBalance({ targetName: 'portico', served: [510, 490], answered: 990 }), [0.51, 0.49]);
  });
  test('fails a run where one backend served less than 40%', () => {
    assert.throws(() => checkBalance({ targetName: 'portico', served: [700, 300], answered: 1000, logFile: 'portico.log' }), {
      message: 'get-lb portico: not balanced, the backends received 700 (70.0%) + 300 (30.0%); each must have at least 40% (see portico.log)',
    });
  });
  test('fails a run answered more often than the backends were asked', () => {
    assert.throws(() => checkBalance({ targetName: 'nginx', served: [50, 50], answered: 150 }), { message: 'get-lb nginx: the backends received 100 requests, fewer than the 150 answered' });
  });
});

describe('two backends', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lb-test-'));
  fs.chmodSync(dir, 0o755); // nginx workers may run as another user under root
  const children = new Children(dir);
  const ports = [];
  before(async () => {
    for (const name of ['backend-1', 'backend-2']) {
      const port = await freePort();
      const child = children.start(name, process.execPath, [BACKEND], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' } });
      await waitForPort(port, child);
      ports.push(port);
    }
  });
  after(async () => {
    await children.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a backend answers the load-balanced path with the 1 KiB body and counts what it received', async () => {
    const [before] = await readServed([ports[0]]);
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`http://127.0.0.1:${ports[0]}${LB_PATH}`);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(ITEMS_BODY));
    }
    assert.deepEqual(await readServed([ports[0]]), [before + 3]); // /served does not count itself
  });

  test('a target that reaches only one of them fails the check before any run', async () => {
    const oneBackend = { name: 'portico', url: () => `http://127.0.0.1:${ports[0]}${LB_PATH}` };
    await assert.rejects(checkBothBackendsServe(oneBackend, ports), /^Error: get-lb portico: not balanced, the backends received 10 \(100\.0%\) \+ 0 \(0\.0%\)/);
  });

  const nginx = findNginx();
  test('nginx balances /bench/lb/ over both, round robin, and passes the smoke test', { skip: nginx ? false : 'nginx is not installed' }, async () => {
    const port = await freePort();
    const nginxDir = fs.mkdtempSync(path.join(dir, 'nginx-'));
    const child = startNginx(children, { binary: nginx, dir: nginxDir, port, backendPort: ports[0], lbBackendPorts: ports });
    await waitForPort(port, child);
    const target = { name: 'nginx', url: (mode) => `http://127.0.0.1:${port}/bench${mode === LB_MODE ? LB_PATH : mode === 'post' ? '/echo' : '/items'}`, child };
    await smokeTest(target, {}, { alsoItems: [LB_MODE] });
    assert.deepEqual(await checkBothBackendsServe(target, ports), [0.5, 0.5]);
  });
});

describe('load balancing summary', () => {
  const target = (rps, cpu, backendShareMin) => ({ rps, cpuUsPerRequest: cpu, ...(backendShareMin && { backendShareMin }) });
  test("get-lb against each target's own get, CPU of both, and issue 16's 0.9x goal on Portico", () => {
    const modes = {
      get: { targets: { nginx: target(20_000, 40), portico: target(10_000, 100) } },
      'get-lb': { targets: { nginx: target(19_000, 42, 0.5), portico: target(9_500, 104, 0.49) } },
    };
    const lb = summarizeLb(modes);
    assert.equal(lb.portico.throughputVsGet, 0.95);
    assert.equal(lb.portico.cpuUsAddedPerRequest, 4);
    assert.equal(lb.nginx.throughputVsGet, 0.95);
    const options = parseOptions([]);
    assert.deepEqual(lbGoals(lb, options), [{ goal: 'get-lb throughput >= 0.9x Portico get (two backends within 10% of one)', value: 0.95, status: 'PASS' }]);
    const lines = formatLb(lb);
    assert.match(lines[2], /^ {2}portico +0\.950x its get throughput \(9500 vs 10000 req\/s\) +CPU 104\.0 vs 100\.0 us\/request \(\+4\.0\) +smallest backend share 49\.0%$/);
    assert.equal(lbGoals(summarizeLb({ get: modes.get, 'get-lb': { targets: { portico: target(8_000, 125, 0.5) } } }), options)[0].status, 'FAIL');
  });
  test('SKIP without a Portico get of the same run; nothing without get-lb', () => {
    const options = parseOptions([]);
    assert.equal(lbGoals(summarizeLb({ 'get-lb': { targets: { portico: target(9_000, 110) } } }), options)[0].status, 'SKIP');
    assert.deepEqual(lbGoals(summarizeLb({}), parseOptions(['--modes', 'get'])), []);
    assert.deepEqual(formatLb(summarizeLb({})), []);
  });
});
