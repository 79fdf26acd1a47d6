import type { ServerResponse } from 'node:http';
import type { ClusterStatus } from '#core';
import { call, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { PORTICO_BASE, porticoDeploy } from './support/admin-api.js';
import { clustersOf } from './support/cluster-view.js';
import { type Scrape, scrape } from './support/prometheus-scrape.js';
import { deployDefinition, securedDefinition } from './support/secured-api.js';
import { eventually } from './support/waiting.js';
import { closedPort } from './support/websocket-backends.js';

/**
 * Issue 21 item 4, black box: real traffic through a real gateway (2xx, 404, 401, 503, 504, a
 * retried request, a circuit-breaker overflow), then a real scrape of the admin listener's
 * `/metrics`, parsed and checked series by series.
 */
describe('Prometheus metrics: requests, upstream, errors and deploys (GET /metrics)', () => {
  let gw: TestGateway;
  let backend: TestBackend;
  let flakyCalls = 0;
  const held: ServerResponse[] = [];
  const clusterOf = async (api: string): Promise<string> => {
    const clusters: ClusterStatus[] = await clustersOf(gw, api);
    expect(clusters).toHaveLength(1);
    return clusters[0].id;
  };
  const requests = (s: Scrape, labels: Record<string, string>): number | undefined => s.value('portico_requests_total', labels);
  const GET = { method: 'GET', key_type: '' };

  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      const path = req.url ?? '';
      if (path.startsWith('/flaky')) {
        res.writeHead(++flakyCalls === 1 ? 503 : 200).end('flaky');
      } else if (path.startsWith('/slow')) {
        setTimeout(() => res.end('late'), 2000).unref();
      } else if (path.startsWith('/hold')) {
        held.push(res);
      } else {
        res.end('ok');
      }
    });
    gw = await startTestGateway();
    const down = `http://127.0.0.1:${await closedPort()}`;
    const single = (path: string, config: Record<string, unknown> = {}) => ({ urls: [`${backend.url}${path}`], advanceEndpointConfig: config });
    await deployDefinition(gw, openApiDocument({ title: 'Shop', basePath: '/shop', production: [backend.url], paths: { '/items/{itemId}': ['get'], '/hold': ['get'] } }));
    await deployDefinition(gw, openApiDocument({ title: 'Down', basePath: '/down', production: [down], paths: { '/*': ['get'] } }));
    await deployDefinition(gw, openApiDocument({ title: 'Slow', basePath: '/slow', paths: { '/*': ['get'] }, extra: { 'x-wso2-production-endpoints': single('/slow', { timeoutInMillis: 100 }) } }));
    await deployDefinition(gw, openApiDocument({ title: 'Flaky', basePath: '/flaky', paths: { '/*': ['get'] }, extra: { 'x-wso2-production-endpoints': single('/flaky', { retryConfig: { count: 2, statusCodes: [503] } }) } }));
    await deployDefinition(gw, openApiDocument({ title: 'Narrow', basePath: '/narrow', paths: { '/*': ['get'] }, extra: { 'x-wso2-production-endpoints': single('/hold', { circuitBreakers: { maxRequests: 1 } }) } }));
    await deployDefinition(gw, securedDefinition({ title: 'Vault', basePath: '/vault', backendUrl: backend.url }));
  });

  afterAll(async () => {
    for (const res of held) res.end();
    await gw?.destroy();
    await backend?.close();
  });

  it('needs admin credentials, and names its content type', async () => {
    const refused = await call({ port: gw.running.ports.admin!, path: '/metrics' });
    expect(refused.status).toBe(401);
    expect(refused.json<{ code: string }>().code).toBe('admin.unauthorized');
    const s = await scrape(gw);
    expect(s.text).toContain('# TYPE portico_requests_total counter');
    expect(s.text).toContain('# TYPE portico_request_duration_seconds histogram');
  });

  it('counts each answer by API, resource template, method, key type and status class', async () => {
    for (const path of ['/shop/items/1', '/shop/items/12345', '/shop/items/abc']) expect((await gw.request(path)).status).toBe(200);
    expect((await gw.request('/nothing/here')).status).toBe(404);
    expect((await gw.request('/vault/pets')).status).toBe(401);
    expect((await gw.request('/down/x')).status).toBe(503);
    expect((await gw.request('/slow/x')).status).toBe(504);
    const retried = await gw.request('/flaky/x');
    expect([retried.status, flakyCalls]).toEqual([200, 2]);

    const s = await scrape(gw);
    const shop = { api: 'Shop', api_version: '1.0.0', resource: '/items/{itemId}', ...GET };
    expect(requests(s, { ...shop, status_class: '2xx' })).toBe(3);
    expect(s.value('portico_request_duration_seconds_count', { ...shop, status_class: '2xx' })).toBe(3);
    expect(s.value('portico_request_duration_seconds_bucket', { ...shop, status_class: '2xx', le: '+Inf' })).toBe(3);
    // A request no route matched has no API, resource or method: nothing from its path gets in.
    const unmatched = { api: '', api_version: '', resource: '', method: '', key_type: '' };
    expect(requests(s, { ...unmatched, status_class: '4xx' })).toBe(1);
    expect(s.text).not.toContain('/nothing/here');
    expect(s.text).not.toContain('12345');
    expect(requests(s, { api: 'Vault', api_version: '1.0.0', resource: '/pets', ...GET, status_class: '4xx' })).toBe(1);
    expect(requests(s, { api: 'Down', api_version: '1.0.0', resource: '/*', ...GET, status_class: '5xx' })).toBe(1);
    expect(requests(s, { api: 'Slow', api_version: '1.0.0', resource: '/*', ...GET, status_class: '5xx' })).toBe(1);
    expect(requests(s, { api: 'Flaky', api_version: '1.0.0', resource: '/*', ...GET, status_class: '2xx' })).toBe(1);
    expect(s.sum('portico_requests_total')).toBe(8);
  });

  it("counts the gateway's own errors by catalogue code", async () => {
    const s = await scrape(gw);
    const errors = (api: string, code: string): number | undefined => s.value('portico_gateway_errors_total', { api, api_version: api === '' ? '' : '1.0.0', code });
    expect([errors('', '404'), errors('Vault', '900901'), errors('Down', '102503'), errors('Slow', '102504')]).toEqual([1, 1, 1, 1]);
    expect(s.sum('portico_gateway_errors_total')).toBe(4);
  });

  it('counts tries and retries per cluster, and times the accepted backend answer', async () => {
    const s = await scrape(gw);
    const flaky = { api: 'Flaky', api_version: '1.0.0', cluster: await clusterOf('Flaky') };
    expect(s.value('portico_upstream_attempts_total', flaky)).toBe(2);
    expect(s.value('portico_upstream_retries_total', flaky)).toBe(1);
    expect(s.value('portico_upstream_duration_seconds_count', { ...flaky, endpoint_set: 'PRODUCTION' })).toBe(1);
    const down = { api: 'Down', api_version: '1.0.0', cluster: await clusterOf('Down') };
    expect(s.value('portico_upstream_attempts_total', down)).toBe(1);
    expect(s.value('portico_upstream_retries_total', down)).toBe(0);
    // No backend answered: no upstream time to observe.
    expect(s.value('portico_upstream_duration_seconds_count', { ...down, endpoint_set: 'PRODUCTION' })).toBe(0);
  });

  it('shows requests in flight, then counts a circuit-breaker overflow', async () => {
    const first = gw.request('/narrow/x');
    await eventually(async () => held.length, (n) => n === 1);
    let s = await scrape(gw);
    expect(s.value('portico_requests_in_flight')).toBe(1);
    expect(s.value('portico_open_connections')).toBeGreaterThanOrEqual(1);
    const refused = await gw.request('/narrow/x');
    expect([refused.status, refused.json<{ code: string }>().code]).toEqual([503, '102505']);
    held.shift()?.end('released');
    expect((await first).status).toBe(200);
    s = await scrape(gw);
    expect(s.value('portico_circuit_breaker_overflows_total', { api: 'Narrow', api_version: '1.0.0', cluster: await clusterOf('Narrow') })).toBe(1);
    expect(s.value('portico_gateway_errors_total', { api: 'Narrow', api_version: '1.0.0', code: '102505' })).toBe(1);
    expect(s.value('portico_requests_in_flight')).toBe(0);
  });

  it('counts and times deploys: successes and refusals', async () => {
    const before = await scrape(gw);
    expect(before.value('portico_deploys_total', { operation: 'deploy', outcome: 'success' })).toBe(6);
    const again = await porticoDeploy(gw, openApiDocument({ title: 'Shop', basePath: '/shop', production: [backend.url] }));
    expect(again.status).toBe(409);
    const s = await scrape(gw);
    expect(s.value('portico_deploys_total', { operation: 'deploy', outcome: 'rejected' })).toBe(1);
    expect(s.value('portico_deploy_duration_seconds_count', { operation: 'deploy' })).toBe(7);
  });

  it('has the process metrics of prom-client, event-loop lag included', async () => {
    const s = await scrape(gw);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect([name, s.all(name).length > 0]).toEqual([name, true]);
    }
  });

  it("drops an undeployed API's series, and counts the undeploy", async () => {
    expect((await scrape(gw)).all('portico_requests_total', { api: 'Flaky' })).toHaveLength(1);
    expect((await gw.admin(`${PORTICO_BASE}/apis/Flaky/1.0.0`, { method: 'DELETE' })).status).toBe(204);
    const s = await scrape(gw);
    expect(s.samples.filter((sample) => sample.labels.api === 'Flaky')).toEqual([]);
    expect(requests(s, { api: 'Shop', api_version: '1.0.0', resource: '/items/{itemId}', ...GET, status_class: '2xx' })).toBe(3);
    expect(s.value('portico_deploys_total', { operation: 'undeploy', outcome: 'success' })).toBe(1);
  });

  it('drops the series of a resource a redeploy removed, and keeps the others', async () => {
    const redeployed = openApiDocument({ title: 'Shop', basePath: '/shop', production: [backend.url], paths: { '/hold': ['get'], '/orders': ['get'] } });
    expect((await porticoDeploy(gw, redeployed, { override: true })).status).toBe(200);
    expect((await gw.request('/shop/orders')).status).toBe(200);
    const s = await scrape(gw);
    expect(s.all('portico_requests_total', { api: 'Shop' }).map((sample) => sample.labels.resource)).toEqual(['/orders']);
    expect(s.all('portico_request_duration_seconds_count', { api: 'Shop' })).toHaveLength(1);
    expect(s.value('portico_deploys_total', { operation: 'deploy', outcome: 'success' })).toBe(7);
  });
});
