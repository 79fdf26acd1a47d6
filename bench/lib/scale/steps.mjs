// The measured steps of the scale scenario. Each gateway and each routing table lives in its own
// child process, stopped before the next step starts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { GatewayProcess, writeGatewayConfig } from './gateway-process.mjs';
import { apiIdentity, openApiDocument, requestsFor } from './openapi.mjs';
import { settingsFrom, writePersistedDeployments } from './portico-glue.mjs';
import { maxOf, median, quantile, round } from './stats.mjs';

const MATCH_WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'match-worker.mjs');
/** After a deploy's answer, the event loop is still watched this long (work done after the answer counts). */
export const DEPLOY_TAIL_MS = 100;
const SETTLE_MS = 300;

const runningMatchWorkers = new Set();

/** Figure 1 for one table size, in a fresh process. */
export function runMatchWorker({ apis, options, tempDir, logDir, log }) {
  const dir = fs.mkdtempSync(path.join(tempDir, `match-${apis}-`));
  const spec = { apis, resources: options.resources, layout: options.layout, matchMs: options.matchMs, warmupMs: options.warmupMs, dir };
  const logFile = path.join(logDir, `match-${apis}x${options.resources}.log`);
  log(`match: ${apis} APIs x ${options.resources} resources (${options.layout} layout), log ${path.basename(logFile)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', MATCH_WORKER, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'], // the channel only tells the worker when this process is gone
    });
    runningMatchWorkers.add(child);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    // Progress lines (and errors) go to the log file and, indented, to the console.
    child.stderr.on('data', (d) => {
      fs.appendFileSync(logFile, d);
      process.stdout.write(String(d).replace(/^(?=.)/gm, '           '));
    });
    child.once('error', reject);
    child.once('close', (code) => {
      runningMatchWorkers.delete(child);
      const line = stdout.trim().split('\n').pop();
      if (code !== 0 || !line?.startsWith('{')) return reject(new Error(`match worker exited with ${code}; see ${logFile}`));
      resolve(JSON.parse(line));
    });
  });
}

export function killMatchWorkers() {
  for (const child of runningMatchWorkers) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export async function runMatch({ options, tempDir, logDir, log }) {
  const big = await runMatchWorker({ apis: options.apis, options, tempDir, logDir, log });
  log(`  ${big.apis} APIs: p50 ${big.p50Us} us, p99 ${big.p99Us} us (snapshot built in ${big.prepareMs} ms)`);
  const small = await runMatchWorker({ apis: options.smallApis, options, tempDir, logDir, log });
  log(`  ${small.apis} APIs: p50 ${small.p50Us} us, p99 ${small.p99Us} us`);
  return { big, small, ratio: small.p50Us > 0 ? round(big.p50Us / small.p50Us, 2) : null };
}

const documentOf = (index, options) => openApiDocument(index, { resources: options.apiResources, layout: options.layout });

/** Checks that the gateway serves API `index` (the mock answers with its index). */
async function expectServed(gw, index, options) {
  const [request] = requestsFor(index, { resources: options.apiResources, layout: options.layout });
  const { status, body } = await gw.get(request.path);
  if (status !== 200 || body?.api !== index) {
    throw new Error(`${gw.name}: GET ${request.path} answered ${status} ${JSON.stringify(body).slice(0, 300)}, expected API ${index}'s mock answer`);
  }
}

/** The same warm-up in every gateway before its memory is read (admin and data-plane code paths touched once). */
async function warmUp(gw) {
  await gw.warmUpAdmin();
  await gw.get('/ready');
  return gw.countApis();
}

const memoryFigures = (m) => ({ heapUsedMb: round(m.heapUsedMb, 1), rssMb: round(m.rssMb, 1), externalMb: round(m.externalMb, 1) });

/** The gateway with nothing deployed: the memory every per-API figure is relative to. */
export async function runBaseline({ tempDir, logDir, log }) {
  const dir = fs.mkdtempSync(path.join(tempDir, 'baseline-'));
  const gw = await GatewayProcess.start({ name: 'gateway-baseline', dir, logDir });
  try {
    const count = await warmUp(gw);
    if (count !== 0) throw new Error(`the baseline gateway lists ${count} APIs, expected 0`);
    const memory = memoryFigures(await gw.command('memory'));
    log(`baseline (0 APIs): ready in ${gw.readyMs.toFixed(0)} ms, heap ${memory.heapUsedMb} MB, RSS ${memory.rssMb} MB`);
    return { readyMs: round(gw.readyMs, 0), memory };
  } finally {
    await gw.stop();
  }
}

export function perApi(memory, baseline, apis) {
  if (!memory || !baseline || !apis) return null;
  return {
    heapKbPerApi: round(((memory.heapUsedMb - baseline.memory.heapUsedMb) * 1024) / apis, 1),
    rssKbPerApi: round(((memory.rssMb - baseline.memory.rssMb) * 1024) / apis, 1),
  };
}

/** Figures 4, 5 and 2: boot from N persisted APIs, memory, then one more API deployed, a few times. */
export async function runPersisted({ options, tempDir, logDir, log, baseline }) {
  const n = options.persisted;
  const dir = fs.mkdtempSync(path.join(tempDir, 'persisted-'));
  const writeStart = performance.now();
  const documents = [];
  for (let i = 0; i < n; i++) documents.push({ ...apiIdentity(i, options.layout), text: documentOf(i, options) });
  await writePersistedDeployments(settingsFrom(writeGatewayConfig(dir, { httpPort: 0, adminPort: 0 })), documents);
  log(`persisted: wrote ${n} APIs x ${options.apiResources} resources in ${((performance.now() - writeStart) / 1000).toFixed(1)} s; booting`);

  // State written directly has no parse cache (an admin deploy fills it): the first boot parses
  // every definition, as a first start after a cache loss would. The figure is the restart after it.
  const first = await GatewayProcess.start({ name: `gateway-persisted-${n}-first`, dir, logDir });
  const firstBootMs = round(first.readyMs, 0);
  await first.stop();
  log(`  first boot (definitions parsed, parse cache filled): /ready 200 after ${firstBootMs} ms; restarting`);

  const gw = await GatewayProcess.start({ name: `gateway-persisted-${n}`, dir, logDir });
  try {
    const boot = {
      apis: n,
      firstBootMs,
      readyMs: round(gw.readyMs, 0),
      startGatewayMs: round(gw.boot.startGatewayMs, 0),
      nodeStartMs: round(gw.boot.loadedAtMs, 0),
      bootMaxBlockMs: round(gw.boot.bootMaxBlockMs, 0),
    };
    log(`  boot: /ready 200 after ${boot.readyMs} ms (startGateway ${boot.startGatewayMs} ms; longest event-loop block during boot ${boot.bootMaxBlockMs} ms)`);
    await expectServed(gw, 0, options);
    await expectServed(gw, n - 1, options);
    const listed = await warmUp(gw);
    if (listed !== n) throw new Error(`${gw.name} lists ${listed} APIs after boot, expected ${n}`);
    const memoryRaw = memoryFigures(await gw.command('memory'));
    const memory = { apis: n, ...memoryRaw, ...perApi(memoryRaw, baseline, n) };
    log(`  memory: heap ${memory.heapUsedMb} MB, RSS ${memory.rssMb} MB${baseline ? ` = ${memory.heapKbPerApi} KB heap, ${memory.rssKbPerApi} KB RSS per API` : ''}`);

    const reps = [];
    for (let r = 0; r < options.reps; r++) {
      const index = n + r;
      const text = documentOf(index, options);
      await sleep(SETTLE_MS);
      await gw.command('delay-reset');
      const ackMs = await gw.deploy(text);
      await sleep(DEPLOY_TAIL_MS);
      const delay = await gw.command('delay-read');
      await expectServed(gw, index, options);
      reps.push({ apisBefore: index, ackMs: round(ackMs, 1), maxBlockMs: round(delay.maxMs, 1) });
      log(`  one more (${index + 1}th API): acknowledged in ${ackMs.toFixed(1)} ms, longest event-loop block ${delay.maxMs.toFixed(1)} ms`);
    }
    const after = await gw.countApis();
    if (after !== n + options.reps) throw new Error(`${gw.name} lists ${after} APIs, expected ${n + options.reps}`);
    const oneMore = {
      into: n,
      reps,
      ackMedianMs: round(median(reps.map((r) => r.ackMs)), 1),
      ackMaxMs: round(maxOf(reps.map((r) => r.ackMs)), 1),
      blockMedianMs: round(median(reps.map((r) => r.maxBlockMs)), 1),
      blockMaxMs: round(maxOf(reps.map((r) => r.maxBlockMs)), 1),
    };
    return { boot, memory, oneMore };
  } finally {
    await gw.stop();
  }
}

/** Figure 3: M APIs deployed one by one through the admin API into an empty gateway. */
export async function runOneByOne({ options, tempDir, logDir, log, baseline }) {
  const m = options.oneByOne;
  const dir = fs.mkdtempSync(path.join(tempDir, 'one-by-one-'));
  const gw = await GatewayProcess.start({ name: `gateway-one-by-one-${m}`, dir, logDir });
  try {
    await gw.warmUpAdmin();
    log(`one by one: deploying ${m} APIs x ${options.apiResources} resources through the admin API`);
    const every = Math.max(1, Math.floor(m / 10));
    const times = [];
    await gw.command('delay-reset');
    const start = performance.now();
    let stoppedEarly = false;
    for (let i = 0; i < m; i++) {
      times.push(await gw.deploy(documentOf(i, options)));
      const elapsedS = (performance.now() - start) / 1000;
      if ((i + 1) % every === 0 || i + 1 === m) log(`  ${i + 1} deployed in ${elapsedS.toFixed(1)} s (last ${times.at(-1).toFixed(1)} ms)`);
      if (elapsedS > options.budget && i + 1 < m) {
        stoppedEarly = true;
        log(`  stopped after ${i + 1} deploys: the budget of ${options.budget} s is spent (--budget)`);
        break;
      }
    }
    const totalS = (performance.now() - start) / 1000;
    const delay = await gw.command('delay-read');
    await expectServed(gw, 0, options);
    await expectServed(gw, times.length - 1, options);
    const listed = await gw.countApis();
    if (listed !== times.length) throw new Error(`${gw.name} lists ${listed} APIs, expected ${times.length}`);
    const memoryRaw = memoryFigures(await gw.command('memory'));
    const tenth = Math.max(1, Math.floor(times.length / 10));
    return {
      apis: m,
      deployed: times.length,
      finished: !stoppedEarly,
      totalS: round(totalS, 1),
      p50Ms: round(quantile(times, 0.5), 1),
      p99Ms: round(quantile(times, 0.99), 1),
      maxMs: round(maxOf(times), 1),
      firstTenthMeanMs: round(times.slice(0, tenth).reduce((a, b) => a + b, 0) / tenth, 1),
      lastTenthMeanMs: round(times.slice(-tenth).reduce((a, b) => a + b, 0) / tenth, 1),
      maxBlockMs: round(delay.maxMs, 1),
      memory: { apis: times.length, ...memoryRaw, ...perApi(memoryRaw, baseline, times.length) },
    };
  } finally {
    await gw.stop();
  }
}
