// Interleaved rounds of GET runs (the function and observability scenarios): each round measures every target once, the order rotated so that none always
// runs first after a pause. Load: autocannon in its own process (warm-up, then the measured run);
// the gateway's and the backend's CPU time are read from /proc around the measured run, and the
// gateway's RSS sampled during it.
import { isAlive } from './children.mjs';
import { runAutocannon } from './load-autocannon.mjs';
import { MB, RssSampler, cpuSeconds } from './proc-stats.mjs';

const SETTLE_MS = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const perRequestUs = (cpu, requests) => (cpu === undefined || requests === 0 ? null : (cpu * 1e6) / requests);

/** One run's row of summary.json; non-2xx answers count as errors. cpu: {gateway?, backend} seconds. */
export function rowOf({ round, target, result, cpu, rssPeakMb = null }) {
  return {
    round,
    target,
    rps: result.requests / result.seconds,
    requests: result.requests,
    seconds: result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors + result.non2xx,
    non2xx: result.non2xx,
    cpuUsPerRequest: perRequestUs(cpu.gateway, result.requests),
    cpuCores: cpu.gateway === undefined ? null : cpu.gateway / result.seconds,
    backendCpuUsPerRequest: perRequestUs(cpu.backend, result.requests),
    rssPeakMb,
  };
}

async function measure({ run, options, signal }) {
  const spec = { signal, url: run.url, method: 'GET', connections: options.connections };
  if (options.warmup > 0) await runAutocannon({ ...spec, seconds: options.warmup });
  const { gatewayPids, backendPids } = run;
  const gatewayBefore = gatewayPids ? cpuSeconds(gatewayPids) : 0;
  const backendBefore = cpuSeconds(backendPids);
  const sampler = gatewayPids ? new RssSampler(gatewayPids) : undefined;
  try {
    const result = await runAutocannon({ ...spec, seconds: options.duration });
    const cpu = { gateway: gatewayPids ? cpuSeconds(gatewayPids) - gatewayBefore : undefined, backend: cpuSeconds(backendPids) - backendBefore };
    return { result, cpu, rssPeakMb: sampler ? sampler.peak / MB : null };
  } finally {
    sampler?.stop();
  }
}

function describeRow(row) {
  const gateway = row.cpuUsPerRequest === null ? '' : `  gateway cpu ${row.cpuUsPerRequest.toFixed(1)} us/req (${row.cpuCores.toFixed(2)} cores)  rss ${row.rssPeakMb.toFixed(0)} MB`;
  const backend = row.backendCpuUsPerRequest === null ? '' : `  backend cpu ${row.backendCpuUsPerRequest.toFixed(1)} us/req`;
  return `${row.target.padEnd(16)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms${gateway}${backend}  errors ${row.errors}`;
}

/** runs: [{target, url, gatewayPids, backendPids}]; processes: every child, checked alive before each run. */
export async function runRounds({ runs, processes, options, signal, log }) {
  const rows = [];
  for (let round = 1; round <= options.rounds; round++) {
    const shift = (round - 1) % runs.length;
    for (const run of [...runs.slice(shift), ...runs.slice(0, shift)]) {
      for (const child of processes) if (!isAlive(child)) throw new Error(`a bench process exited (see ${child.logFile})`);
      const { result, cpu, rssPeakMb } = await measure({ run, options, signal });
      const row = rowOf({ round, target: run.target, result, cpu, rssPeakMb });
      rows.push(row);
      log(`round ${round} ${describeRow(row)}`);
      await sleep(SETTLE_MS);
    }
  }
  return rows;
}
