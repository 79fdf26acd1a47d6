import type { ApiTraffic, TrafficPoint, TrafficQuery, TrafficView } from '#core';
import { histogramQuantile } from './histogram-quantile.js';
import { apiKey, type ApiTotals } from './traffic-totals.js';

/** How far back the history goes. */
const KEPT_SECONDS = 3600;
const QUANTILES = [0.5, 0.95, 0.99] as const;
/** Per API in a sample: requests, 5xx, then the quantiles (ms, NaN: none). */
const FIELDS = 2 + QUANTILES.length;

/** One interval: the APIs that had requests in it (idle ones take no room). */
interface Sample {
  /** End of the interval (ms since the epoch). */
  readonly at: number;
  readonly seconds: number;
  readonly keys: readonly string[];
  readonly values: Float64Array;
}

interface Totals {
  readonly bounds: readonly number[];
  readonly apis: ReadonlyMap<string, ApiTotals>;
}

export interface DeployedApi {
  readonly name: string;
  readonly version: string;
}

/**
 * The last hour of traffic per API, as deltas of consecutive samples of the request counters
 * and latency histograms: a bounded ring (one hour of samples), each sample holding only the
 * APIs that had requests. A counter that went down (a worker replaced, an API's series dropped
 * by a redeploy) gives no point for that interval rather than a false spike.
 */
export class TrafficHistory {
  private readonly ring: (Sample | undefined)[];
  private next = 0;
  private size = 0;
  private previous: { readonly at: number; readonly totals: Totals } | undefined;
  private readonly names = new Map<string, DeployedApi>();

  constructor(readonly intervalSeconds: number) {
    this.ring = new Array(Math.ceil(KEPT_SECONDS / intervalSeconds));
  }

  /** Takes the totals read at `at` (ms); the first one is only the baseline of the next. */
  record(at: number, totals: Totals): void {
    const previous = this.previous;
    this.previous = { at, totals };
    if (previous === undefined || at <= previous.at) return;
    const keys: string[] = [];
    const values: number[] = [];
    for (const [key, now] of totals.apis) {
      const before = previous.totals.apis.get(key);
      const requests = now.requests - (before?.requests ?? 0);
      if (!(requests > 0)) continue;
      const errors = Math.min(requests, Math.max(0, now.errors - (before?.errors ?? 0)));
      const latency = latencyDelta(now.latency, before?.latency, totals.bounds.length);
      keys.push(key);
      values.push(requests, errors, ...QUANTILES.map((q) => (histogramQuantile(q, totals.bounds, latency) ?? Number.NaN) * 1000));
      if (!this.names.has(key)) this.names.set(key, { name: now.name, version: now.version });
    }
    this.ring[this.next] = { at, seconds: (at - previous.at) / 1000, keys, values: Float64Array.from(values) };
    this.next = (this.next + 1) % this.ring.length;
    this.size = Math.min(this.size + 1, this.ring.length);
    // Once per lap of the ring: names of APIs whose intervals have all been overwritten go.
    if (this.next === 0) this.forgetUnseenNames();
  }

  /**
   * The window `query.minutes` long, for the `deployed` APIs (undefined: every API with traffic
   * in the window), busiest first, then by name and version.
   */
  view(query: TrafficQuery, deployed: readonly DeployedApi[] | undefined): TrafficView {
    const samples = this.window(Math.ceil((query.minutes * 60) / this.intervalSeconds));
    const requests = new Map<string, number>();
    for (const sample of samples) sample.keys.forEach((key, i) => requests.set(key, (requests.get(key) ?? 0) + sample.values[i * FIELDS]));
    const needle = query.query?.toLowerCase();
    const candidates = deployed ?? [...requests.keys()].map((key) => this.names.get(key)).filter((api): api is DeployedApi => api !== undefined);
    const matching = [...new Map(candidates.map((api) => [apiKey(api.name, api.version), api])).entries()]
      .filter(([, api]) => needle === undefined || api.name.toLowerCase().includes(needle))
      .sort(([ka, a], [kb, b]) => (requests.get(kb) ?? 0) - (requests.get(ka) ?? 0) || compare(a.name, b.name) || compare(a.version, b.version));
    const offset = query.offset ?? 0;
    const page = matching.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    const rows = new Map(page.map(([key]) => [key, samples.map(idlePoint)]));
    samples.forEach((sample, s) =>
      sample.keys.forEach((key, i) => {
        const row = rows.get(key);
        if (row !== undefined) row[s] = pointOf(sample, i);
      }),
    );
    const apis: ApiTraffic[] = page.map(([key, api]) => ({ name: api.name, version: api.version, points: rows.get(key) ?? [] }));
    return { intervalSeconds: this.intervalSeconds, total: matching.length, apis };
  }

  private forgetUnseenNames(): void {
    const seen = new Set(this.ring.flatMap((sample) => sample?.keys ?? []));
    for (const key of this.names.keys()) if (!seen.has(key)) this.names.delete(key);
  }

  /** The last `count` samples, oldest first. */
  private window(count: number): Sample[] {
    const n = Math.min(count, this.size);
    const samples: Sample[] = [];
    for (let i = n; i > 0; i--) {
      const sample = this.ring[(this.next - i + this.ring.length) % this.ring.length];
      if (sample !== undefined) samples.push(sample);
    }
    return samples;
  }
}

/** Cumulative bucket counts of one interval, kept non-decreasing when a series restarted in between. */
function latencyDelta(now: readonly number[], before: readonly number[] | undefined, bounds: number): number[] {
  const delta: number[] = [];
  let floor = 0;
  for (let i = 0; i <= bounds; i++) {
    floor = Math.max(floor, (now[i] ?? 0) - (before?.[i] ?? 0));
    delta.push(floor);
  }
  return delta;
}

function idlePoint(sample: Sample): TrafficPoint {
  return { t: new Date(sample.at).toISOString(), rps: 0, errorRate: 0, p50: null, p95: null, p99: null };
}

function pointOf(sample: Sample, index: number): TrafficPoint {
  const at = index * FIELDS;
  const requests = sample.values[at];
  const quantile = (k: number): number | null => {
    const ms = sample.values[at + 2 + k];
    return Number.isNaN(ms) ? null : round(ms, 3);
  };
  return {
    t: new Date(sample.at).toISOString(),
    rps: round(requests / sample.seconds, 3),
    errorRate: round(sample.values[at + 1] / requests, 4),
    p50: quantile(0),
    p95: quantile(1),
    p99: quantile(2),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
