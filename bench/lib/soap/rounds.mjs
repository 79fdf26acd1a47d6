// Interleaved rounds: each round measures every [mode, target] run once, the order rotated so that
// none always runs first after a pause. Load: autocannon in its own process (warm-up, then the
// measured run); the proxy's CPU time (Portico's process, nginx's master and worker) and RSS are
// read from /proc around the measured run.
import { isAlive } from '../children.mjs';
import { runAutocannon } from '../load-autocannon.mjs';
import { MB, RssSampler, cpuSeconds } from '../proc-stats.mjs';

const SETTLE_MS = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One run's row of summary.json; non-2xx answers count as errors. */
export function rowOf({ round, run, result, cpu }) {
  return {
    round,
    mode: run.mode,
    target: run.target.name,
    rps: result.requests / result.seconds,
    requests: result.requests,
    seconds: result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors + result.non2xx,
    non2xx: result.non2xx,
    cpuUsPerRequest: cpu === undefined || result.requests === 0 ? null : (cpu * 1e6) / result.requests,
    cpuCores: cpu === undefined ? null : cpu / result.seconds,
  };
}

async function measure({ run, options, signal }) {
  const { url, bodyFile, headers } = run.request;
  const spec = { signal, url, method: 'POST', bodyFile, headers, connections: options.connections };
  if (options.warmup > 0) await runAutocannon({ ...spec, seconds: options.warmup });
  const pids = run.target.pids;
  const cpuBefore = pids ? cpuSeconds(pids) : 0;
  const sampler = pids ? new RssSampler(pids) : undefined;
  try {
    const result = await runAutocannon({ ...spec, seconds: options.duration });
    return { result, cpu: pids ? cpuSeconds(pids) - cpuBefore : undefined, rssPeakMb: sampler ? sampler.peak / MB : null };
  } finally {
    sampler?.stop();
  }
}

/** runs: [{mode, target: {name, child, pids?}, request: {url, bodyFile, headers}}]; processes: every child. */
export async function runSoapRounds({ runs, processes, options, signal, log }) {
  const rows = [];
  for (let round = 1; round <= options.rounds; round++) {
    const shift = (round - 1) % runs.length;
    for (const run of [...runs.slice(shift), ...runs.slice(0, shift)]) {
      for (const child of processes) if (!isAlive(child)) throw new Error(`a bench process exited (see ${child.logFile})`);
      const { result, cpu, rssPeakMb } = await measure({ run, options, signal });
      const row = { ...rowOf({ round, run, result, cpu }), rssPeakMb };
      rows.push(row);
      const cpuText = row.cpuUsPerRequest === null ? '' : `  cpu ${row.cpuUsPerRequest.toFixed(1)} us/req (${row.cpuCores.toFixed(2)} cores)  rss ${rssPeakMb.toFixed(0)} MB`;
      log(`round ${round} ${run.mode.padEnd(12)} ${run.target.name.padEnd(8)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms${cpuText}  errors ${row.errors}`);
      await sleep(SETTLE_MS);
    }
  }
  return rows;
}
