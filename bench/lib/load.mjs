// The load generator: wrk when installed, else autocannon. Both give the same shape:
// { requests, seconds, p50Ms, p99Ms, errors (socket errors + timeouts), non2xx }.
import { runAutocannon } from './load-autocannon.mjs';
import { findWrk, runWrk } from './load-wrk.mjs';

/** choice: auto | wrk | autocannon (options.mjs). */
export function chooseLoadGenerator(choice) {
  const wrk = choice === 'autocannon' ? undefined : findWrk();
  if (choice === 'wrk' && !wrk) throw new Error('--load wrk: wrk is not on PATH (apt-get install -y wrk)');
  if (wrk) return { name: 'wrk', binary: wrk, run: (spec) => runWrk(wrk, spec) };
  return { name: 'autocannon', run: runAutocannon };
}
