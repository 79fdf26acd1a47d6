import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** prom-client's cluster protocol: the request a worker answers with its registries' metrics as JSON. */
const REQUEST = 'prom-client:getMetricsReq';
const RESPONSE = 'prom-client:getMetricsRes';
/** A worker that does not answer by then (stuck, or dying) is left out of that scrape. */
const ANSWER_TIMEOUT_MS = 5_000;

/** What `Registry.getMetricsAsJSON()` gives: one registry's metrics. */
type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

interface MetricsResponse {
  readonly type: typeof RESPONSE;
  readonly requestId: string;
  readonly metrics?: MetricsJson[];
  readonly error?: string;
}

/** In a worker: answer the primary's scrapes with these registries (prom-client's AggregatorRegistry does, once one exists). */
export function shareWithPrimary(registries: Registry[]): void {
  // Its constructor adds the listener for the primary's requests (once per process).
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries(registries);
}

let requests = 0;

/**
 * In the primary: one scrape of every worker and of the primary's own registries, aggregated
 * by prom-client (counters and histograms summed; each metric's `aggregator` decides). Unlike
 * `AggregatorRegistry.clusterMetrics()`, a worker that exits or does not answer leaves a gap
 * in that scrape instead of failing it, and the primary's own metrics are part of it.
 */
export async function aggregatedScrape(own: readonly Registry[]): Promise<string> {
  return (await aggregatedMetrics(own)).metrics();
}

/** The aggregation aggregatedScrape renders, as a registry of its own (the traffic history reads its JSON). */
export async function aggregatedMetrics(own: readonly Registry[]): Promise<Registry> {
  const ownJson = await Promise.all(own.map((registry) => registry.getMetricsAsJSON()));
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
  const answers = await Promise.all(workers.map(metricsOf));
  return AggregatorRegistry.aggregate([...ownJson, ...answers.flat()]);
}

/** One worker's registries as JSON; none when it fails, leaves or is late. */
function metricsOf(worker: Worker): Promise<MetricsJson[]> {
  const requestId = `portico-${++requests}`;
  return new Promise((resolve) => {
    const finish = (metrics: MetricsJson[]): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onGone);
      resolve(metrics);
    };
    const onMessage = (message: unknown): void => {
      const response = message as Partial<MetricsResponse> | null;
      if (response?.type === RESPONSE && response.requestId === requestId) finish(response.metrics ?? []);
    };
    const onGone = (): void => finish([]);
    const timer = setTimeout(onGone, ANSWER_TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.on('exit', onGone);
    worker.send({ type: REQUEST, requestId }, undefined, (error) => {
      if (error) onGone();
    });
  });
}
