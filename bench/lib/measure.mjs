// One measured run: warm-up at the same load, then the measured load while the target's CPU time
// and RSS are read from /proc.
import { MB, RssSampler, cpuSeconds } from './proc-stats.mjs';

const RSS_SAMPLE_MS = 250;

/**
 * target: { name, url(mode), pids (undefined for the backend itself) }
 * Returns one row of runs in summary.json.
 */
export async function measureRun({ load, target, mode, round, options, bodyFile, signal }) {
  const spec = {
    signal,
    url: target.url(mode),
    method: mode === 'post' ? 'POST' : 'GET',
    bodyFile,
    connections: options.connections,
  };
  if (options.warmup > 0) await load.run({ ...spec, seconds: options.warmup });

  const pids = target.pids;
  const cpuBefore = pids ? cpuSeconds(pids) : 0;
  const sampler = pids ? new RssSampler(pids, RSS_SAMPLE_MS) : undefined;
  let result;
  try {
    result = await load.run({ ...spec, seconds: options.duration });
  } finally {
    sampler?.stop();
  }
  const cpu = pids ? cpuSeconds(pids) - cpuBefore : undefined;
  return {
    round,
    mode,
    target: target.name,
    rps: result.requests / result.seconds,
    requests: result.requests,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    non2xx: result.non2xx,
    cpuUsPerRequest: cpu === undefined || result.requests === 0 ? null : (cpu * 1e6) / result.requests,
    cpuCores: cpu === undefined ? null : cpu / result.seconds,
    rssPeakMb: sampler ? sampler.peak / MB : null,
  };
}
