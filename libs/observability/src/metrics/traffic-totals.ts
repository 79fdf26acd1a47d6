/** A metric as `Registry.getMetricsAsJSON()` gives it (and prom-client's cluster aggregation). */
export interface MetricJson {
  readonly name: string;
  readonly values: readonly { readonly metricName?: string; readonly labels: Readonly<Record<string, string | number | undefined>>; readonly value: number }[];
}

/** One API's counters since its series began, summed over its resources, methods and key types. */
export interface ApiTotals {
  readonly name: string;
  readonly version: string;
  requests: number;
  /** Requests answered 5xx. */
  errors: number;
  /** Cumulative latency bucket counts by bound index (`+Inf` last), of requests other than 1xx. */
  readonly latency: number[];
}

export const REQUESTS_METRIC = 'portico_requests_total';
export const DURATION_METRIC = 'portico_request_duration_seconds';

/**
 * The totals of every API with a series in `metrics`, keyed `name\0version`, and the latency
 * bounds. WebSockets count as 1xx once their connection closes and are left out of the latency
 * buckets: their duration is the connection's lifetime, not a response time. Requests that
 * matched no route (api "") are no API's.
 */
export function apiTotalsOf(metrics: readonly MetricJson[]): { readonly bounds: readonly number[]; readonly apis: ReadonlyMap<string, ApiTotals> } {
  const apis = new Map<string, ApiTotals>();
  const totalsOf = (labels: Readonly<Record<string, string | number | undefined>>): ApiTotals | undefined => {
    const name = String(labels.api ?? '');
    if (name === '') return undefined;
    const version = String(labels.api_version ?? '');
    const key = apiKey(name, version);
    let totals = apis.get(key);
    if (totals === undefined) apis.set(key, (totals = { name, version, requests: 0, errors: 0, latency: [] }));
    return totals;
  };
  for (const sample of metrics.find((m) => m.name === REQUESTS_METRIC)?.values ?? []) {
    const totals = totalsOf(sample.labels);
    if (totals === undefined) continue;
    totals.requests += sample.value;
    if (sample.labels.status_class === '5xx') totals.errors += sample.value;
  }
  const buckets = (metrics.find((m) => m.name === DURATION_METRIC)?.values ?? []).filter(
    (s) => s.metricName === `${DURATION_METRIC}_bucket` && s.labels.status_class !== '1xx',
  );
  const bounds = [...new Set(buckets.map((s) => Number(s.labels.le)).filter((le) => Number.isFinite(le)))].sort((a, b) => a - b);
  const index = new Map(bounds.map((le, i) => [le, i]));
  for (const sample of buckets) {
    const totals = totalsOf(sample.labels);
    if (totals === undefined) continue;
    const le = Number(sample.labels.le);
    const i = Number.isFinite(le) ? index.get(le) : bounds.length;
    if (i === undefined) continue;
    while (totals.latency.length <= bounds.length) totals.latency.push(0);
    totals.latency[i] += sample.value;
  }
  return { bounds, apis };
}

export function apiKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}
