import { GatewayMetrics } from '#observability';
import { call, openApiDocument, startTestGateway, type TestGateway } from '#testing';
import { clustersOf } from './support/cluster-view.js';
import { ControlledBackend } from './support/controlled-backend.js';
import { type Scrape, scrape, scrapeOwnPort } from './support/prometheus-scrape.js';
import { deployDefinition } from './support/secured-api.js';
import { eventually } from './support/waiting.js';
import { startNamedEchoBackend, webSocketApi } from './support/websocket-backends.js';
import { connectWebSocket } from './support/websocket-client.js';

/**
 * Issue 21 item 4: the gauges read at scrape time (member health, WebSockets), the ejection
 * counter fed by health events, the listener of its own (`metrics.port`) and the settings that
 * open or close the admin route.
 */
describe('Prometheus metrics: health, connections, own listener and settings', () => {
  let a: ControlledBackend;
  let b: ControlledBackend;
  let gw: TestGateway;
  let ownPort: number;
  const member = (s: Scrape, name: string, cluster: string, url: string, extra: Record<string, string> = {}): number | undefined =>
    s.value(name, { api: 'Health', api_version: '1.0.0', cluster, endpoint: url, ...extra });

  beforeAll(async () => {
    a = await ControlledBackend.start('a');
    b = await ControlledBackend.start('b');
    gw = await startTestGateway({
      settings: {
        metrics: { port: 0, requireAuthentication: false },
        upstream: { healthChecks: { intervalMs: 100, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 2 } },
      },
    });
    ownPort = gw.running.app.get(GatewayMetrics).listenerPort!;
    await deployDefinition(gw, openApiDocument({ title: 'Health', basePath: '/lb', production: [a.url, b.url] }));
  });

  afterAll(async () => {
    await gw?.destroy();
    await a.close();
    await b.close();
  });

  it('answers on the admin listener without credentials when metrics.requireAuthentication is off, GET and HEAD', async () => {
    const res = await call({ port: gw.running.ports.admin!, path: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('portico_endpoint_healthy');
    const head = await call({ port: gw.running.ports.admin!, path: '/metrics', method: 'HEAD' });
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('answers on a listener of its own (metrics.port) without credentials, and only on the metrics path', async () => {
    expect(ownPort).toBeGreaterThan(0);
    expect(ownPort).not.toBe(gw.running.ports.admin);
    const s = await scrapeOwnPort(ownPort);
    expect(s.all('portico_endpoint_healthy', { api: 'Health' })).toHaveLength(2);
    expect((await call({ port: ownPort, path: '/portico/v1/apis' })).status).toBe(404);
    expect((await call({ port: ownPort, path: '/metrics', method: 'POST' })).status).toBe(405);
  });

  it('shows a member down by probes: healthy 0, state unhealthy', async () => {
    const [cluster] = await clustersOf(gw, 'Health');
    let s = await scrape(gw);
    expect([member(s, 'portico_endpoint_healthy', cluster.id, a.url), member(s, 'portico_endpoint_healthy', cluster.id, b.url)]).toEqual([1, 1]);
    await b.kill();
    s = await eventually(() => scrape(gw), (seen) => member(seen, 'portico_endpoint_healthy', cluster.id, b.url) === 0);
    expect(member(s, 'portico_endpoint_state', cluster.id, b.url, { state: 'unhealthy' })).toBe(1);
    expect(member(s, 'portico_endpoint_state', cluster.id, b.url, { state: 'healthy' })).toBe(0);
    expect(member(s, 'portico_endpoint_healthy', cluster.id, a.url)).toBe(1);
    expect(s.value('portico_cluster_panic', { api: 'Health', api_version: '1.0.0', cluster: cluster.id })).toBe(0);
    await b.restart();
  });

  it('counts an ejection by outlier detection', async () => {
    const c = await ControlledBackend.start('c');
    await c.close();
    const document = openApiDocument({
      title: 'Passive',
      basePath: '/passive',
      paths: { '/*': ['get'] },
      extra: { 'x-wso2-production-endpoints': { urls: [a.url, c.url], 'x-portico-health-check': { enabled: false } } },
    });
    await deployDefinition(gw, document);
    for (let i = 0; i < 10; i++) expect((await gw.request('/passive/x')).status).toBe(200);
    const [cluster] = await clustersOf(gw, 'Passive');
    expect(cluster.members[1].state).toBe('ejected');
    const s = await scrape(gw);
    const labels = { api: 'Passive', api_version: '1.0.0', cluster: cluster.id };
    expect(s.value('portico_endpoint_ejections_total', { ...labels, endpoint: c.url })).toBe(1);
    expect(s.value('portico_endpoint_state', { ...labels, endpoint: c.url, state: 'ejected' })).toBe(1);
  });

  it('counts open WebSocket connections', async () => {
    const echo = await startNamedEchoBackend('E');
    try {
      await deployDefinition(gw, webSocketApi('Chat', '/chat', echo.url));
      const socket = await connectWebSocket(`ws://127.0.0.1:${gw.running.ports.http}/chat/room`);
      expect((await scrape(gw)).value('portico_websocket_connections')).toBe(1);
      socket.close();
      await eventually(() => scrape(gw), (s) => s.value('portico_websocket_connections') === 0);
      // The connection's request is counted when it closes: status 101.
      const s = await eventually(() => scrape(gw), (seen) => seen.value('portico_requests_total', { api: 'Chat', api_version: '1.0.0', resource: '/*', method: 'GET', key_type: '', status_class: '1xx' }) === 1);
      expect(s.all('portico_requests_total', { api: 'Chat' })).toHaveLength(1);
    } finally {
      await echo.close();
    }
  });

  it('has no metrics route while metrics are off: the admin 404 of any unknown path', async () => {
    const off = await startTestGateway({ settings: { metrics: { enabled: false } } });
    try {
      const res = await off.admin('/metrics');
      expect([res.status, res.json<{ code: string }>().code]).toEqual([404, 'admin.route-not-found']);
      expect(off.running.app.get(GatewayMetrics).listenerPort).toBeUndefined();
      // Two gateways in one process: each has its own registry.
      expect((await scrape(gw)).all('portico_endpoint_healthy', { api: 'Health' })).toHaveLength(2);
    } finally {
      await off.destroy();
    }
  });

  it('serves another metrics.path, with the latency buckets of metrics.latencyBuckets', async () => {
    const other = await startTestGateway({ settings: { metrics: { path: '/internal/prometheus', latencyBuckets: [0.5, 0.05] } } });
    try {
      expect((await other.admin('/metrics')).status).toBe(404);
      expect((await scrape(other, '/internal/prometheus')).all('portico_requests_total')).toEqual([]);
      expect((await other.request('/nowhere')).status).toBe(404);
      const text = (await other.admin('/internal/prometheus')).text;
      const bounds = [...text.matchAll(/^portico_request_duration_seconds_bucket\{.*le="([^"]+)"\}/gm)].map((m) => m[1]);
      expect(bounds).toEqual(['0.05', '0.5', '+Inf']);
    } finally {
      await other.destroy();
    }
  });
});
