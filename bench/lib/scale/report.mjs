// Targets of issue 13 ("Scale of the routing table"), checked against the scale scenario's figures,
// and the printed summary table.
import { DEPLOY_TAIL_MS } from './steps.mjs';

export const TARGETS = {
  matchP50Us: 2,
  matchApis: 10_000,
  matchResources: 20,
  smallApis: 10,
  matchRatio: 2,
  oneMoreInto: 5_000,
  oneMoreAckMs: 100,
  oneMoreBlockMs: 20,
  oneByOne: 2_000,
  oneByOneS: 60,
  bootApis: 5_000,
  bootS: 15,
  memoryResources: 10,
  memoryKbPerApi: 60,
};

/**
 * One row per figure. status: PASS / FAIL when measured at the size the target names; SMALL when
 * measured at another size (the verdict it would get is in the note; a small run proves little).
 */
function row(figure, value, target, ok, atTargetSize, sizeNote) {
  if (value === null || value === undefined) return { figure, value: null, target, status: 'SKIP', note: 'not measured' };
  return atTargetSize
    ? { figure, value, target, status: ok ? 'PASS' : 'FAIL' }
    : { figure, value, target, status: 'SMALL', note: `${sizeNote}; ${ok ? 'within' : 'outside'} it at this size` };
}

export function evaluate(figures, options) {
  const t = TARGETS;
  const rows = [];
  const { match, persisted, oneByOne } = figures;
  if (match) {
    const atSize = match.big.apis >= t.matchApis && match.big.resources >= t.matchResources;
    rows.push(
      row(
        `match p50 at ${match.big.apis} APIs x ${match.big.resources} (p99 ${match.big.p99Us} us)`,
        `${match.big.p50Us} us`,
        `<= ${t.matchP50Us} us`,
        match.big.p50Us <= t.matchP50Us,
        atSize,
        `target at ${t.matchApis} x ${t.matchResources}`,
      ),
      row(
        `match p50 at ${match.small.apis} APIs (p99 ${match.small.p99Us} us); ratio ${match.big.apis}/${match.small.apis}`,
        `${match.small.p50Us} us; ${match.ratio}x`,
        `ratio <= ${t.matchRatio}x`,
        match.ratio !== null && match.ratio <= t.matchRatio,
        atSize && match.small.apis <= t.smallApis,
        `target at ${t.matchApis} vs ${t.smallApis} APIs`,
      ),
    );
  }
  if (persisted) {
    const { oneMore, boot, memory } = persisted;
    const atInto = oneMore.into >= t.oneMoreInto && options.apiResources >= t.memoryResources;
    rows.push(
      row(
        `one more deploy into ${oneMore.into}: ack (median ${oneMore.ackMedianMs} ms, ${oneMore.reps.length} reps)`,
        `max ${oneMore.ackMaxMs} ms`,
        `<= ${t.oneMoreAckMs} ms`,
        oneMore.ackMaxMs <= t.oneMoreAckMs,
        atInto,
        `target into ${t.oneMoreInto}`,
      ),
      row(
        `one more deploy into ${oneMore.into}: longest event-loop block (median ${oneMore.blockMedianMs} ms)`,
        `max ${oneMore.blockMaxMs} ms`,
        `<= ${t.oneMoreBlockMs} ms`,
        oneMore.blockMaxMs <= t.oneMoreBlockMs,
        atInto,
        `target into ${t.oneMoreInto}`,
      ),
      row(
        `restart with ${boot.apis} persisted APIs: start to /ready 200 (first boot, parsing all: ${(boot.firstBootMs / 1000).toFixed(1)} s)`,
        `${(boot.readyMs / 1000).toFixed(2)} s`,
        `<= ${t.bootS} s`,
        boot.readyMs / 1000 <= t.bootS,
        boot.apis >= t.bootApis && options.apiResources >= t.memoryResources,
        `target at ${t.bootApis}`,
      ),
    );
    if (memory.rssKbPerApi !== undefined && memory.rssKbPerApi !== null) {
      rows.push(
        row(
          `memory per API of ${options.apiResources} resources, ${memory.apis} booted (heap ${memory.heapKbPerApi} KB/API)`,
          `RSS ${memory.rssKbPerApi} KB/API`,
          `<= ${t.memoryKbPerApi} KB`,
          memory.rssKbPerApi <= t.memoryKbPerApi && memory.heapKbPerApi <= t.memoryKbPerApi,
          memory.apis >= t.bootApis && options.apiResources === t.memoryResources,
          `measured with ${memory.apis} APIs`,
        ),
      );
    }
  }
  if (oneByOne) {
    const value = oneByOne.finished ? `${oneByOne.totalS} s` : `stopped after ${oneByOne.deployed} in ${oneByOne.totalS} s`;
    rows.push(
      row(
        `${oneByOne.apis} APIs one by one (per deploy p50 ${oneByOne.p50Ms} ms, p99 ${oneByOne.p99Ms} ms)`,
        value,
        `<= ${t.oneByOneS} s`,
        oneByOne.finished && oneByOne.totalS <= t.oneByOneS,
        oneByOne.apis >= t.oneByOne && options.apiResources >= t.memoryResources,
        `target at ${t.oneByOne}`,
      ),
    );
    const m = oneByOne.memory;
    if (m.rssKbPerApi !== undefined && m.rssKbPerApi !== null) {
      rows.push({
        figure: `memory per API after ${m.apis} deployed one by one (heap ${m.heapKbPerApi} KB/API)`,
        value: `RSS ${m.rssKbPerApi} KB/API`,
        target: `<= ${t.memoryKbPerApi} KB`,
        status: 'INFO',
      });
    }
  }
  return rows;
}

const pad = (s, n) => String(s).padEnd(n);

export function formatScaleReport({ figures, goals, options }) {
  const out = [''];
  const { match, persisted, oneByOne, baseline } = figures;
  if (match) {
    out.push(`Match (routing snapshot in one process; ${options.layout} layout; per-match time of ~1 ms batches, p50/p99 over batches):`);
    out.push(`  ${pad('APIs x resources', 18)}${pad('position', 10)}${'p50 us'.padStart(11)}${'p99 us'.padStart(11)}${'batch'.padStart(7)}${'samples'.padStart(9)}`);
    for (const size of [match.big, match.small]) {
      for (const p of size.positions) {
        out.push(`  ${pad(`${size.apis} x ${size.resources}`, 18)}${pad(p.position, 10)}${String(p.p50Us).padStart(11)}${String(p.p99Us).padStart(11)}${String(p.batch).padStart(7)}${String(p.samples).padStart(9)}`);
      }
      out.push(`  ${pad('', 18)}definitions loaded in ${size.loadMs} ms, snapshot prepared + published in ${size.prepareMs} ms, its heap ${size.snapshotHeapMb} MB`);
    }
  }
  if (baseline) out.push('', `Baseline gateway (0 APIs): ready in ${baseline.readyMs} ms, heap ${baseline.memory.heapUsedMb} MB, RSS ${baseline.memory.rssMb} MB (after forced GC)`);
  if (persisted) {
    const { boot, memory, oneMore } = persisted;
    out.push(
      '',
      `Gateway booted from ${boot.apis} persisted APIs x ${options.apiResources} resources:`,
      `  first boot (every definition parsed, parse cache filled): /ready 200 after ${boot.firstBootMs} ms`,
      `  restart, start to /ready 200: ${boot.readyMs} ms (node start ${boot.nodeStartMs} ms, startGateway ${boot.startGatewayMs} ms, longest event-loop block during boot ${boot.bootMaxBlockMs} ms)`,
      `  memory after forced GC: heap ${memory.heapUsedMb} MB, RSS ${memory.rssMb} MB` +
        (memory.heapKbPerApi === undefined ? '' : ` -> ${memory.heapKbPerApi} KB heap, ${memory.rssKbPerApi} KB RSS per API`),
      `  one more API through the admin API (event loop watched from just before the request to ${DEPLOY_TAIL_MS} ms after the answer):`,
    );
    for (const r of oneMore.reps) out.push(`    API #${r.apisBefore + 1}: acknowledged in ${r.ackMs} ms, longest event-loop block ${r.maxBlockMs} ms`);
  }
  if (oneByOne) {
    out.push(
      '',
      `${oneByOne.deployed} of ${oneByOne.apis} APIs deployed one by one in ${oneByOne.totalS} s: per deploy p50 ${oneByOne.p50Ms} ms, p99 ${oneByOne.p99Ms} ms, max ${oneByOne.maxMs} ms`,
      `  mean of the first tenth ${oneByOne.firstTenthMeanMs} ms, of the last tenth ${oneByOne.lastTenthMeanMs} ms; longest event-loop block over the series ${oneByOne.maxBlockMs} ms`,
      `  memory after forced GC: heap ${oneByOne.memory.heapUsedMb} MB, RSS ${oneByOne.memory.rssMb} MB` +
        (oneByOne.memory.heapKbPerApi === undefined ? '' : ` -> ${oneByOne.memory.heapKbPerApi} KB heap, ${oneByOne.memory.rssKbPerApi} KB RSS per API`),
    );
  }
  out.push('', 'Targets (issue 13, "Scale of the routing table"):');
  const w = Math.max(...goals.map((g) => g.figure.length), 10);
  const v = Math.max(...goals.map((g) => String(g.value ?? '-').length), 5);
  for (const g of goals) out.push(`  ${pad(g.status, 6)}${pad(g.figure, w + 2)}${pad(g.value ?? '-', v + 2)}${pad(g.target, 12)}${g.note ? `(${g.note})` : ''}`);
  if (goals.some((g) => g.status === 'SMALL')) out.push('  SMALL: measured below the size the target names; run without --quick for the real verdict.');
  return out.join('\n');
}
