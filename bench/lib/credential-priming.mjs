// Sends every credential of an auth mode's pool once before anything is measured. A gateway
// whose consumers are active has their tokens cached; without this pass a short run would
// measure the first verification of thousands of tokens (one signature check each) instead of
// the steady state that issue 15's floor is about. Each answer must be 200, so a pool with a
// bad credential fails here, loudly. Portico's CPU over the pass is the cache-miss cost.
import { cpuSeconds } from './proc-stats.mjs';

const CONCURRENCY = 16;

/** credentials: { header, values } (auth-modes.mjs). Returns { requests, seconds, cpuUsPerRequest }. */
export async function primeCredentials(target, mode, { header, values }) {
  const url = target.url(mode);
  const cpuBefore = target.pids ? cpuSeconds(target.pids) : undefined;
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const index = next++;
      const response = await fetch(url, { headers: { [header]: values[index] }, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${target.name}: ${mode} credential ${index + 1} of ${values.length} answered ${response.status} at ${url}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, values.length) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuBefore === undefined ? undefined : cpuSeconds(target.pids) - cpuBefore;
  return { requests: values.length, seconds, cpuUsPerRequest: cpu === undefined ? null : (cpu * 1e6) / values.length };
}
