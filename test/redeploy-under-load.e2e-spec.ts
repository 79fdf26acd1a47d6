import { Agent, request } from 'undici';
import { openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

/**
 * Issue 2 item 6: a deploy arriving while 200 requests/s flow, repeated 20 times, fails no
 * request. Bounded: 20 deploys, at most ~30 s.
 */
describe('redeploys under load', () => {
  let a: TestBackend;
  let b: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    a = await startBackend((_req, res) => res.end('A'));
    b = await startBackend((_req, res) => res.end('B'));
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.destroy();
    await a.close();
    await b.close();
  });

  const deploy = (backend: TestBackend) =>
    gw.admin('/portico/v1/apis?override=true', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: openApiDocument({ title: 'Flow', basePath: '/flow', production: [backend.url] }),
    });

  it('serves every request while the API is redeployed 20 times with alternating backends', async () => {
    expect((await deploy(a)).status).toBe(201);
    const agent = new Agent({ connections: 16 });
    const failures: string[] = [];
    const answers = new Set<string>();
    let sent = 0;
    let running = true;
    const inFlight = new Set<Promise<void>>();
    // 200 requests/s: one request every 5 ms, each on its own promise.
    const ticker = setInterval(() => {
      if (!running) return;
      sent++;
      const p = request(`http://127.0.0.1:${gw.running.ports.http}/flow/x`, { dispatcher: agent, headers: { host: 'localhost' } })
        .then(async (res) => {
          const text = await res.body.text();
          if (res.statusCode !== 200) failures.push(`${res.statusCode} ${text}`);
          else answers.add(text);
        })
        .catch((error: unknown) => void failures.push(String(error)))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }, 5);
    try {
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const res = await deploy(i % 2 === 0 ? b : a);
        expect(res.status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      running = false;
      clearInterval(ticker);
      await Promise.all(inFlight);
      await agent.close();
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    expect([...answers].sort()).toEqual(['A', 'B']);
  });

  it('keeps the connection pool of a cluster whose endpoints a redeploy does not change', async () => {
    const ports: number[] = [];
    const backend = await startBackend((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end('ok');
    });
    const doc = (paths: Record<string, string[]>, timeout?: number) =>
      openApiDocument({
        title: 'Pooled',
        basePath: '/pooled',
        paths,
        extra: { 'x-wso2-production-endpoints': { urls: [backend.url], ...(timeout ? { advanceEndpointConfig: { timeoutInMillis: timeout } } : {}) } },
      });
    const put = (body: string) => gw.admin('/portico/v1/apis/Pooled/1.0.0', { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body });
    try {
      expect((await put(doc({ '/a': ['get'] }))).status).toBe(201);
      await gw.request('/pooled/a');
      // Another API deployed, and this one redeployed with other resources but the same endpoints.
      await deploy(a);
      expect((await put(doc({ '/a': ['get'], '/b': ['get'] }))).status).toBe(200);
      await gw.request('/pooled/b');
      expect(ports[1]).toBe(ports[0]);
      // Changed endpoint settings make a new cluster with its own connections.
      expect((await put(doc({ '/a': ['get'] }, 5000))).status).toBe(200);
      await gw.request('/pooled/a');
      expect(ports[2]).not.toBe(ports[0]);
    } finally {
      await backend.close();
    }
  });
});
