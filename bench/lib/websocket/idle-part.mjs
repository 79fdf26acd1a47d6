// The idle part: `idleConnections` connections opened through a proxy (Portico, then nginx for
// comparison) in batches by a client process, held `hold` seconds, then closed; the proxy's RSS
// (all its pids) is read before, while held (the last of the samples over the hold: what stays,
// not a transient peak) and a few seconds after closing.
import { MB, RssSampler, rssBytes } from '../proc-stats.mjs';
import { openIdleConnections } from './load-processes.mjs';

const SETTLE_MS = 2000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** target: {name, url, pids}. */
export async function runIdlePart({ target, options, signal, log }) {
  await sleep(SETTLE_MS);
  const rssBeforeBytes = rssBytes(target.pids);
  log(`idle ${target.name}: opening ${options.idleConnections} connections, ${options.batch} at a time (RSS before ${(rssBeforeBytes / MB).toFixed(1)} MB)`);
  const sampler = new RssSampler(target.pids);
  let opened;
  try {
    opened = await openIdleConnections({ url: target.url, count: options.idleConnections, batch: options.batch }, { signal });
  } catch (error) {
    sampler.stop();
    throw error;
  }
  let closed;
  let rssHeldBytes;
  try {
    log(`idle ${target.name}: ${opened.opened} open (${opened.failed} failed${opened.firstError ? `, first: ${opened.firstError}` : ''}) in ${opened.seconds.toFixed(1)} s; holding ${options.hold} s`);
    await sleep(options.hold * 1000);
    rssHeldBytes = rssBytes(target.pids);
  } finally {
    try {
      closed = await opened.close();
    } finally {
      sampler.stop();
    }
  }
  const peakBytes = sampler.peak;
  await sleep(SETTLE_MS);
  const rssAfterCloseBytes = rssBytes(target.pids);
  log(`idle ${target.name}: held ${(rssHeldBytes / MB).toFixed(1)} MB (peak ${(peakBytes / MB).toFixed(1)} MB), closed in ${closed.seconds.toFixed(1)} s${closed.timedOut ? ' (some did not finish the close handshake)' : ''}, ${(rssAfterCloseBytes / MB).toFixed(1)} MB after`);
  return {
    target: target.name,
    requested: options.idleConnections,
    opened: opened.opened,
    failed: opened.failed,
    firstError: opened.firstError ?? null,
    openSeconds: opened.seconds,
    droppedWhileHeld: closed.droppedWhileHeld,
    closeTimedOut: closed.timedOut,
    rssBeforeBytes,
    rssHeldBytes,
    rssPeakBytes: peakBytes,
    rssAfterCloseBytes,
  };
}
