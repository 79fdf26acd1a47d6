// Interleaved throughput rounds: each round measures every target once, the order rotated so
// that none always runs first after a pause. A proxy's CPU time and RSS (Portico's process, nginx's
// master and worker) are read from /proc over the measured period only (the worker says when it
// starts).
import { isAlive } from '../children.mjs';
import { MB, RssSampler, cpuSeconds } from '../proc-stats.mjs';
import { runThroughput } from './load-processes.mjs';

const SETTLE_MS = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** targets: [{name, url, child, pids?}] (pids: the processes whose CPU is measured). */
export async function runThroughputRounds({ targets, children, options, signal, log }) {
  const rows = [];
  for (let round = 1; round <= options.rounds; round++) {
    const shift = (round - 1) % targets.length;
    for (const target of [...targets.slice(shift), ...targets.slice(0, shift)]) {
      for (const child of children) if (!isAlive(child)) throw new Error(`a bench process exited (see ${child.logFile})`);
      let cpuBefore = 0;
      let sampler;
      const spec = { url: target.url, connections: options.connections, window: options.window, messageBytes: options.messageBytes, warmup: options.warmup, seconds: options.duration };
      let result;
      try {
        result = await runThroughput(spec, {
          signal,
          onMeasuring: () => {
            if (!target.pids) return;
            cpuBefore = cpuSeconds(target.pids);
            sampler = new RssSampler(target.pids);
          },
        });
      } finally {
        sampler?.stop();
      }
      const cpu = target.pids ? cpuSeconds(target.pids) - cpuBefore : undefined;
      const row = {
        round,
        target: target.name,
        messagesPerSecond: result.messages / result.seconds,
        messages: result.messages,
        seconds: result.seconds,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        errors: result.errors,
        cpuUsPerMessage: cpu === undefined || result.messages === 0 ? null : (cpu * 1e6) / result.messages,
        cpuCores: cpu === undefined ? null : cpu / result.seconds,
        rssPeakMb: sampler ? sampler.peak / MB : null,
      };
      rows.push(row);
      const cpuText = row.cpuUsPerMessage === null ? '' : `  cpu ${row.cpuUsPerMessage.toFixed(1)} us/msg (${row.cpuCores.toFixed(2)} cores)  rss ${row.rssPeakMb.toFixed(0)} MB`;
      log(`round ${round} ${target.name.padEnd(8)} ${row.messagesPerSecond.toFixed(0).padStart(8)} msg/s  p50 ${row.p50Ms?.toFixed(2)} ms  p99 ${row.p99Ms?.toFixed(2)} ms${cpuText}  errors ${row.errors}`);
      await sleep(SETTLE_MS);
    }
  }
  return rows;
}
