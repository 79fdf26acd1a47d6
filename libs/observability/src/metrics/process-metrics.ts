import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * prom-client's process and Node metrics (CPU, memory, file descriptors, heap, GC, event-loop
 * lag), in one registry per process: their event-loop monitor and GC observer cannot be stopped,
 * so gateways that come and go in one process (an embedder's, a test run's) share one set
 * instead of leaving one behind each. They describe the process, which all of them share anyway.
 */
export function processMetrics(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
