import { Registry } from 'prom-client';
import { type ApiDefinition, RequestRecord, type Resource, type RouteMatch } from '#core';
import { histogramQuantile } from './histogram-quantile.js';
import { REQUEST_LABELS, RequestSeries } from './request-series.js';
import { CounterFamily, HistogramFamily } from './series-family.js';
import { TrafficHistory } from './traffic-history.js';
import { apiTotalsOf, type MetricJson } from './traffic-totals.js';

describe('histogramQuantile: linear interpolation inside the bucket, as Prometheus estimates it', () => {
  const bounds = [0.01, 0.1, 1];

  it('interpolates between the bucket bounds by the rank inside the bucket', () => {
    // 10 observations: 4 ≤ 10 ms, 4 in (10 ms, 100 ms], 2 in (100 ms, 1 s].
    const cumulative = [4, 8, 10, 10];
    expect(histogramQuantile(0.5, bounds, cumulative)).toBeCloseTo(0.01 + 0.09 * (1 / 4));
    expect(histogramQuantile(0.2, bounds, cumulative)).toBeCloseTo(0.01 * (2 / 4));
    expect(histogramQuantile(0.95, bounds, cumulative)).toBeCloseTo(0.1 + 0.9 * (1.5 / 2));
    expect(histogramQuantile(0.8, bounds, cumulative)).toBeCloseTo(0.1);
  });

  it('skips empty buckets and answers the highest finite bound for a rank in +Inf', () => {
    expect(histogramQuantile(0.5, bounds, [0, 0, 2, 2])).toBeCloseTo(0.1 + 0.9 * 0.5);
    expect(histogramQuantile(0.99, bounds, [1, 1, 1, 10])).toBe(1);
  });

  it('has no answer without observations', () => {
    expect(histogramQuantile(0.5, bounds, [0, 0, 0, 0])).toBeUndefined();
  });
});

describe('TrafficHistory: per-API points from deltas of consecutive metric samples', () => {
  const shop = { name: 'Shop', version: '1.0.0' } as ApiDefinition;
  const pets = { name: 'Pets', version: 'v2' } as ApiDefinition;
  const routeOf = (api: ApiDefinition, path: string): RouteMatch => ({ api, resource: { path } as Resource }) as RouteMatch;
  const items = routeOf(shop, '/items');
  const orders = routeOf(shop, '/orders');
  const pet = routeOf(pets, '/pets');
  let registry: Registry;
  let series: RequestSeries;
  let history: TrafficHistory;

  beforeEach(() => {
    registry = new Registry();
    const requests = new CounterFamily('portico_requests_total', 'requests', REQUEST_LABELS).registerIn(registry);
    const durations = new HistogramFamily('portico_request_duration_seconds', 'durations', REQUEST_LABELS, [0.01, 0.1, 1]).registerIn(registry);
    series = new RequestSeries(requests, durations);
    history = new TrafficHistory(10);
  });

  function observe(route: RouteMatch | undefined, status: number, durationMs: number, times = 1): void {
    for (let i = 0; i < times; i++) {
      const record = new RequestRecord('id', 'GET', '/x', '127.0.0.1', 0, 0, 0);
      record.route = route;
      record.status = status;
      record.durationMs = durationMs;
      series.observe(record);
    }
  }

  async function sample(at: number): Promise<void> {
    history.record(at, apiTotalsOf((await registry.getMetricsAsJSON()) as readonly MetricJson[]));
  }

  it('gives rps, the 5xx share and percentiles in ms of each interval, summed over resources', async () => {
    observe(items, 200, 5, 3);
    await sample(0);
    observe(items, 200, 5, 4);
    observe(orders, 503, 50, 4);
    observe(orders, 504, 500, 2);
    observe(undefined, 404, 1, 7);
    await sample(10_000);
    const view = history.view({ minutes: 15 }, [{ name: 'Shop', version: '1.0.0' }]);
    expect(view).toEqual({
      intervalSeconds: 10,
      total: 1,
      apis: [{ name: 'Shop', version: '1.0.0', points: [{ t: '1970-01-01T00:00:10.000Z', rps: 1, errorRate: 0.6, p50: 32.5, p95: 775, p99: 955 }] }],
    });
  });

  it('leaves WebSockets (1xx, a connection lifetime) out of the latencies but counts them', async () => {
    await sample(0);
    observe(pet, 101, 60_000, 2);
    observe(pet, 200, 5, 2);
    await sample(10_000);
    const [point] = history.view({ minutes: 1 }, undefined).apis[0].points;
    expect(point).toMatchObject({ rps: 0.4, errorRate: 0, p50: 5 });
  });

  it('lists deployed APIs without traffic with idle points, busiest first, and pages them', async () => {
    await sample(0);
    observe(pet, 200, 5, 5);
    observe(items, 200, 5, 1);
    await sample(10_000);
    await sample(20_000);
    const deployed = [
      { name: 'Idle', version: '1' },
      { name: 'Shop', version: '1.0.0' },
      { name: 'Pets', version: 'v2' },
    ];
    const view = history.view({ minutes: 15 }, deployed);
    expect(view.total).toBe(3);
    expect(view.apis.map((a) => a.name)).toEqual(['Pets', 'Shop', 'Idle']);
    expect(view.apis[2].points).toEqual([
      { t: '1970-01-01T00:00:10.000Z', rps: 0, errorRate: 0, p50: null, p95: null, p99: null },
      { t: '1970-01-01T00:00:20.000Z', rps: 0, errorRate: 0, p50: null, p95: null, p99: null },
    ]);
    expect(history.view({ minutes: 15, offset: 1, limit: 1 }, deployed).apis.map((a) => a.name)).toEqual(['Shop']);
    expect(history.view({ minutes: 15, query: 'PET' }, deployed).apis.map((a) => a.name)).toEqual(['Pets']);
    // The window: the last interval only.
    expect(history.view({ minutes: 15 / 90 }, deployed).apis[0].points).toHaveLength(1);
  });

  it('gives no point for an interval whose counters went down (series dropped, a worker replaced) rather than a spike', async () => {
    observe(items, 200, 5, 10);
    await sample(0);
    registry.resetMetrics();
    series.forget();
    observe(items, 200, 5, 2);
    await sample(10_000);
    observe(items, 200, 5, 3);
    await sample(20_000);
    expect(history.view({ minutes: 1 }, [{ name: 'Shop', version: '1.0.0' }]).apis[0].points.map((p) => p.rps)).toEqual([0, 0.3]);
  });

  it('keeps one hour: a bounded ring of samples', async () => {
    for (let i = 0; i <= 400; i++) {
      observe(items, 200, 5);
      await sample(i * 10_000);
    }
    const points = history.view({ minutes: 60 }, undefined).apis[0].points;
    expect(points).toHaveLength(360);
    expect(points[0].t).toBe(new Date(41 * 10_000).toISOString());
  });
});
