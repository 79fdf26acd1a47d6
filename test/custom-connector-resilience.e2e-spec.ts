import { openApiDocument, startTestGateway, type TestGateway } from '#testing';
import { PORTICO_BASE } from './support/admin-api.js';
import { LineBackend, LineConnectorFactory } from './support/line-connector.js';
import { eventually } from './support/waiting.js';

/**
 * Issue 20 item 3: a connector of a user's own over a protocol that is not HTTP (`line://`) gets
 * load balancing, failover, retries, timeouts, circuit breakers and health probes (through its
 * `probe`) from the gateway without writing any of it: the connector only reports outcomes.
 */
describe('resilience for a custom connector (issue 20)', () => {
  const a = new LineBackend('A');
  const b = new LineBackend('B');
  let gw: TestGateway;

  const deploy = async (title: string, endpoints: Record<string, unknown>): Promise<void> => {
    const body = openApiDocument({ title, basePath: `/${title}`, extra: { 'x-portico-connector': 'acme.line', 'x-wso2-production-endpoints': endpoints } });
    const res = await gw.admin(`${PORTICO_BASE}/apis?override=true`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
    expect(res.json()).toMatchObject({ name: title });
  };
  const texts = async (path: string, count: number): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push((await gw.request(path)).text);
    return out;
  };

  beforeAll(async () => {
    await Promise.all([a.start(), b.start()]);
    gw = await startTestGateway({ start: { connectors: [LineConnectorFactory] } });
  });

  afterEach(() => {
    a.mode = 'answer';
    b.mode = 'answer';
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('balances requests over the members, round robin', async () => {
    await deploy('balanced', { urls: [a.url, b.url], 'x-portico-health-check': { enabled: false } });
    expect((await texts('/balanced/x', 4)).sort()).toEqual(['A /x', 'A /x', 'B /x', 'B /x']);
  });

  it('refuses URLs of a scheme the connector does not declare', async () => {
    const body = openApiDocument({ title: 'wrong', basePath: '/wrong', extra: { 'x-portico-connector': 'acme.line', 'x-wso2-production-endpoints': { urls: ['http://127.0.0.1:1'] } } });
    const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ problems: [{ code: 'endpoint.scheme-unsupported', message: 'the acme.line connector dials line endpoints, not http: http://127.0.0.1:1' }] });
  });

  it('retries the statuses the set lists on another member', async () => {
    await deploy('retried', { urls: [a.url, b.url], 'x-portico-health-check': { enabled: false }, advanceEndpointConfig: { retryConfig: { count: 1, statusCodes: [503] } } });
    a.mode = 'fail';
    const answers = await texts('/retried/y', 4);
    expect(answers).toEqual(['B /y', 'B /y', 'B /y', 'B /y']);
  });

  it('times a member out (504) with the set timeout', async () => {
    await deploy('slow', { urls: [a.url], advanceEndpointConfig: { timeoutInMillis: 300 } });
    a.mode = 'silent';
    const res = await gw.request('/slow/z');
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ code: '102504' });
  });

  it('refuses requests over the circuit breaker limit (503 overflow)', async () => {
    await deploy('limited', { urls: [a.url], advanceEndpointConfig: { timeoutInMillis: 1000, circuitBreakers: { maxRequests: 1 } } });
    a.mode = 'silent';
    const held = gw.request('/limited/one');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await gw.request('/limited/two');
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ code: '102505' });
    expect((await held).status).toBe(504);
  });

  it('probes members with the connector, takes a down member out of rotation and back once it answers again', async () => {
    await deploy('probed', { urls: [a.url, b.url], 'x-portico-health-check': { intervalMs: 100, timeoutMs: 500, unhealthyThreshold: 1, healthyThreshold: 1 } });
    const members = async () => {
      const res = await gw.admin(`${PORTICO_BASE}/clusters?apiName=probed`);
      const [cluster] = res.json<{ list: { connectorType: string; members: { url: string; state: string; lastError?: string }[] }[] }>().list;
      expect(cluster.connectorType).toBe('acme.line');
      return cluster.members;
    };
    await b.stop();
    const down = await eventually(members, (list) => list[1].state === 'unhealthy');
    // A probe already connected when the member stopped sees the reset, the next ones the refusal.
    expect(down[1]).toMatchObject({ url: b.url, lastError: expect.stringMatching(/ECONNREFUSED|ECONNRESET/) });
    expect(await texts('/probed/p', 4)).toEqual(['A /p', 'A /p', 'A /p', 'A /p']);
    await b.start();
    await eventually(members, (list) => list[1].state === 'healthy');
    expect((await texts('/probed/q', 4)).sort()).toEqual(['A /q', 'A /q', 'B /q', 'B /q']);
  });

  it('fails over from a member that refuses connections, without its probes', async () => {
    await deploy('failover', { urls: [a.url, b.url], 'x-portico-health-check': { enabled: false } });
    await b.stop();
    try {
      expect(await texts('/failover/f', 4)).toEqual(['A /f', 'A /f', 'A /f', 'A /f']);
    } finally {
      await b.start();
    }
  });
});
