// Figure 1 of the scale scenario, in its own process (a fresh heap and JIT per table size): builds
// a routing snapshot of N generated APIs through the definition loader and the routing contracts,
// checks that sample requests match the API and template they must, then times batches of
// matches with process.hrtime.bigint. Prints one JSON line on stdout; progress goes to stderr.
// argv[2]: JSON { apis, resources, layout, matchMs, warmupMs, dir }
import fs from 'node:fs';
import path from 'node:path';
import { missRequest, openApiDocument, requestsFor } from './openapi.mjs';
import { createRouting, settingsFrom } from './portico-glue.mjs';
import { maxOf, quantile, round } from './stats.mjs';

const spec = JSON.parse(process.argv[2]);
const HOST = 'localhost';
const MAX_BATCH = 1000;
const SAMPLE_TARGET_NS = 1_000_000; // a batch is sized to last about 1 ms (at most about 1,000 matches)
const MAX_SAMPLES = 20_000;
// Never outlive the parent: it holds an IPC channel open only to tell us it is gone.
process.channel?.unref();
process.on('disconnect', () => process.exit(1));
const progress = (message) => process.stderr.write(`[match ${spec.apis}x${spec.resources}] ${message}\n`);

function heapMb() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function buildTable(routing) {
  const options = { resources: spec.resources, layout: spec.layout };
  const apis = [];
  const loadStart = process.hrtime.bigint();
  for (let i = 0; i < spec.apis; i++) {
    apis.push(await routing.load(openApiDocument(i, options)));
    if ((i + 1) % 1000 === 0) progress(`loaded ${i + 1} definitions`);
  }
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const heapBefore = heapMb();
  const prepareStart = process.hrtime.bigint();
  await routing.deploy(apis);
  const prepareMs = Number(process.hrtime.bigint() - prepareStart) / 1e6;
  progress(`snapshot of ${spec.apis} APIs published in ${prepareMs.toFixed(0)} ms`);
  return { loadMs, prepareMs, snapshotHeapMb: heapMb() - heapBefore };
}

/** The matches a position is timed with; each must find its API and template (a miss must find none). */
function checkedRequests(routing, match, position) {
  const options = { resources: spec.resources, layout: spec.layout };
  const requests = position.index === undefined ? [missRequest(spec.apis, spec.layout)] : requestsFor(position.index, options);
  for (const request of requests) {
    const got = routing.describe(match(HOST, request.method, request.path));
    if (JSON.stringify(got) !== JSON.stringify(request.expect)) {
      throw new Error(`${request.method} ${request.path} matched ${JSON.stringify(got)}, expected ${JSON.stringify(request.expect)}`);
    }
  }
  return requests;
}

let cursor = 0; // rotates through the requests across batches (a batch of 1 must not repeat the first)

function timeBatch(match, requests, n) {
  let found = 0;
  const k = requests.length;
  let c = cursor;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = requests[c];
    c = c + 1 === k ? 0 : c + 1;
    if (match(HOST, r.method, r.path) !== undefined) found++;
  }
  const ns = Number(process.hrtime.bigint() - start);
  cursor = c;
  return { ns, found };
}

function measurePosition(match, requests) {
  let sink = 0;
  // Warm up (host cache, JIT, lazily compiled regular expressions) before sizing the batch.
  const warmupEnd = Date.now() + spec.warmupMs;
  for (let i = 0; i < 10 || Date.now() < warmupEnd; i++) sink += timeBatch(match, requests, requests.length).found;
  // Calibrate: grow the batch until it lasts SAMPLE_TARGET_NS, then size it to that.
  // The fastest of three probes, so that one garbage collection does not shrink the batch.
  const probeNs = (size) => Math.min(...[0, 1, 2].map(() => timeBatch(match, requests, size).ns));
  let n = 1;
  let probe = probeNs(n);
  while (probe < SAMPLE_TARGET_NS && n < MAX_BATCH) {
    n *= 2;
    probe = probeNs(n);
  }
  // A whole number of passes over the requests, so that every sample mixes them equally.
  const k = requests.length;
  const sized = Math.min(MAX_BATCH, Math.round((n * SAMPLE_TARGET_NS) / Math.max(1, probe)));
  const batch = Math.max(k, Math.round(sized / k) * k);
  const perMatchNs = [];
  const end = Date.now() + spec.matchMs;
  while ((Date.now() < end || perMatchNs.length < 5) && perMatchNs.length < MAX_SAMPLES) {
    const t = timeBatch(match, requests, batch);
    sink += t.found;
    perMatchNs.push(t.ns / batch);
  }
  const us = perMatchNs.map((ns) => ns / 1000);
  return {
    batch,
    samples: us.length,
    p50Us: round(quantile(us, 0.5), 3),
    p99Us: round(quantile(us, 0.99), 3),
    maxUs: round(maxOf(us), 3),
    sink,
  };
}

async function main() {
  const config = path.join(spec.dir, 'gateway.yaml');
  fs.writeFileSync(config, `dataDir: ${path.join(spec.dir, 'data')}\napisDir: ${path.join(spec.dir, 'apis')}\nlogging:\n  level: warn\n`);
  const routing = await createRouting(settingsFrom(config));
  try {
    const build = await buildTable(routing);
    const match = routing.matcher();
    const positions = [
      { position: 'first', index: 0 },
      { position: 'middle', index: Math.floor(spec.apis / 2) },
      { position: 'last', index: spec.apis - 1 },
      { position: 'miss', index: undefined },
    ];
    const rows = [];
    for (const p of positions) {
      const requests = checkedRequests(routing, match, p);
    cursor = 0;
      const result = measurePosition(match, requests);
      rows.push({ position: p.position, apiIndex: p.index ?? null, requests: requests.map((r) => `${r.method} ${r.path}`), ...result });
      progress(`${p.position}: p50 ${result.p50Us} us, p99 ${result.p99Us} us (${result.samples} samples of ${result.batch})`);
    }
    const hits = rows.filter((r) => r.position !== 'miss');
    const out = {
      apis: spec.apis,
      resources: spec.resources,
      routes: spec.apis * spec.resources,
      layout: spec.layout,
      loadMs: round(build.loadMs, 0),
      prepareMs: round(build.prepareMs, 1),
      snapshotHeapMb: round(build.snapshotHeapMb, 1),
      // The headline: the slowest position's median (a request to any API must be this fast).
      p50Us: maxOf(hits.map((r) => r.p50Us)),
      p99Us: maxOf(hits.map((r) => r.p99Us)),
      positions: rows,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await routing.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
