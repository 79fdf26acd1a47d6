import { Registry } from 'prom-client';
import { type ApiDefinition, RequestRecord, type Resource, type RouteMatch } from '#core';
import { REQUEST_LABELS, RequestSeries } from './request-series.js';
import { CounterFamily, HistogramFamily } from './series-family.js';

function recordOf(route: RouteMatch | undefined, status: number, durationMs: number, method = 'GET', keyType?: string): RequestRecord {
  const record = new RequestRecord('id', method, '/shop/items/42', '127.0.0.1', 0, 0, 0);
  record.route = route;
  record.keyType = keyType;
  record.status = status;
  record.durationMs = durationMs;
  return record;
}

describe('RequestSeries: cells per compiled resource, rendered by prom-client', () => {
  const api = { name: 'Shop', version: '1.0.0' } as ApiDefinition;
  const route = { api, resource: { path: '/items/{itemId}' } as Resource } as RouteMatch;
  let registry: Registry;
  let requests: CounterFamily;
  let series: RequestSeries;

  beforeEach(() => {
    registry = new Registry();
    requests = new CounterFamily('portico_requests_total', 'requests', REQUEST_LABELS).registerIn(registry);
    const durations = new HistogramFamily('portico_request_duration_seconds', 'durations', REQUEST_LABELS, [0.01, 0.1, 1]).registerIn(registry);
    series = new RequestSeries(requests, durations);
  });

  it('renders counters and cumulative histogram buckets with the template, method, key type and status class', async () => {
    series.observe(recordOf(route, 200, 5));
    series.observe(recordOf(route, 200, 50));
    series.observe(recordOf(route, 201, 5000));
    series.observe(recordOf(route, 499, 1, 'POST', 'SANDBOX'));
    series.observe(recordOf(route, 101, 1, 'GET', 'ODD'));
    series.observe(recordOf(undefined, 404, 1, 'BREW'));
    const text = await registry.metrics();
    const labels = 'api="Shop",api_version="1.0.0",resource="/items/{itemId}"';
    expect(text).toContain(`portico_requests_total{${labels},method="GET",key_type="",status_class="2xx"} 3`);
    expect(text).toContain(`portico_requests_total{${labels},method="POST",key_type="SANDBOX",status_class="4xx"} 1`);
    expect(text).toContain(`portico_requests_total{${labels},method="GET",key_type="other",status_class="1xx"} 1`);
    expect(text).toContain('portico_requests_total{api="",api_version="",resource="",method="",key_type="",status_class="4xx"} 1');
    const twoXx = `${labels},method="GET",key_type="",status_class="2xx"`;
    expect(text).toContain(`portico_request_duration_seconds_bucket{${twoXx},le="0.01"} 1`);
    expect(text).toContain(`portico_request_duration_seconds_bucket{${twoXx},le="0.1"} 2`);
    expect(text).toContain(`portico_request_duration_seconds_bucket{${twoXx},le="1"} 2`);
    expect(text).toContain(`portico_request_duration_seconds_bucket{${twoXx},le="+Inf"} 3`);
    expect(text).toContain(`portico_request_duration_seconds_sum{${twoXx}} 5.055`);
    expect(text).toContain(`portico_request_duration_seconds_count{${twoXx}} 3`);
    expect(text).toContain('# TYPE portico_request_duration_seconds histogram');
  });

  it('counts on in a new series after its series were pruned and the caches forgotten', async () => {
    series.observe(recordOf(route, 200, 5));
    expect(requests.prune(() => false)).toBe(1);
    series.forget();
    series.observe(recordOf(route, 200, 5));
    expect(await registry.metrics()).toContain('portico_requests_total{api="Shop",api_version="1.0.0",resource="/items/{itemId}",method="GET",key_type="",status_class="2xx"} 1');
  });

  it('shares one series between resource objects with the same labels (a redeploy compiles new ones)', async () => {
    const recompiled = { api, resource: { path: '/items/{itemId}' } as Resource } as RouteMatch;
    series.observe(recordOf(route, 200, 5));
    series.observe(recordOf(recompiled, 200, 5));
    expect(requests.size).toBe(1);
    expect(await registry.metrics()).toContain('status_class="2xx"} 2');
  });
});
