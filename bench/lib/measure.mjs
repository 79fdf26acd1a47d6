// One measured run: warm-up at the same load, then the measured load while the target's CPU time
// and RSS are read from /proc.
import { isAuthMode } from './auth-modes.mjs';
import { LB_MODE, checkBalance, readServed } from './lb-mode.mjs';
import { MB, RssSampler, cpuSeconds } from './proc-stats.mjs';

const RSS_SAMPLE_MS = 250;

/**
 * An auth mode answered with refusals measures the refusal path, not authentication: stop the
 * bench (the warm-up is checked too: it is where the pool's credentials are first verified).
 */
function requireAllAccepted(result, mode, target, phase) {
  if (isAuthMode(mode) && result.non2xx > 0) {
    throw new Error(`${mode} ${target.name}: ${result.non2xx} of ${result.requests} responses in the ${phase} had an error status (see ${target.child.logFile})`);
  }
}

/**
 * target: { name, url(mode), pids (undefined for the backend itself) }
 * credentials: per auth mode { header, file } (auth-modes.mjs).
 * lbBackendPorts: the two backends of get-lb, whose counts of the measured run must show both used.
 * Returns one row of runs in summary.json.
 */
export async function measureRun({ load, target, mode, round, options, bodyFile, credentials, lbBackendPorts, signal }) {
  const spec = {
    signal,
    url: target.url(mode),
    method: mode === 'post' ? 'POST' : 'GET',
    bodyFile,
    credentials: isAuthMode(mode) ? { header: credentials[mode].header, file: credentials[mode].file } : undefined,
    connections: options.connections,
  };
  if (options.warmup > 0) requireAllAccepted(await load.run({ ...spec, seconds: options.warmup }), mode, target, 'warm-up');

  const balanced = mode === LB_MODE;
  const servedBefore = balanced ? await readServed(lbBackendPorts) : undefined;
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
  requireAllAccepted(result, mode, target, 'measured run');
  const served = balanced ? (await readServed(lbBackendPorts)).map((n, i) => n - servedBefore[i]) : undefined;
  const backendShares = balanced ? checkBalance({ targetName: target.name, served, answered: result.requests, logFile: target.child.logFile }) : undefined;
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
    ...(balanced && { backendRequests: served, backendShares }),
  };
}
