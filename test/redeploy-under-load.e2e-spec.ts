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
});
