import { startTestGateway, type TestGateway } from '#testing';
import { porticoDeploy, porticoList, type AdminErrorBody } from './support/admin-api.js';
import { runLoad } from './support/concurrent-load.js';
import { type ControlledBackend, startBackendsInto } from './support/controlled-backend.js';
import { deployApi, endpointSetApi } from './support/endpoint-set-api.js';

/**
 * Issue 16, load-balanced endpoint sets (spec §8.2 and Portico's `x-portico-load-balancer`):
 * how many requests each live member gets under round robin, smooth weighted round robin and
 * least request, and that an algorithm Portico cannot honour is refused at deploy time.
 */

/** A count within ±1 of `expected` (a jest asymmetric matcher, so a failure shows every count). */
const about = (expected: number) => ({
  $$typeof: Symbol.for('jest.asymmetricMatcher'),
  asymmetricMatch: (actual: unknown) => typeof actual === 'number' && Math.abs(actual - expected) <= 1,
  toAsymmetricMatcher: () => `${expected} ± 1`,
});

describe('load-balanced endpoint sets', () => {
  let gw: TestGateway;
  const backends: ControlledBackend[] = [];

  const started = (...names: string[]): Promise<ControlledBackend[]> => startBackendsInto(backends, ...names);

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('spreads requests evenly over three live members by round robin', async () => {
    const [a, b, c] = await started('A', 'B', 'C');
    await deployApi(gw, endpointSetApi('RoundRobin', '/rr', { urls: [a.url, b.url, c.url] }));
    const outcomes = await runLoad({ total: 300, concurrency: 10, send: () => gw.request('/rr/x') });
    expect(outcomes).toEqual({ A: a.hits, B: b.hits, C: c.hits });
    expect(outcomes).toEqual({ A: about(100), B: about(100), C: about(100) });
  });

  it('gives each member its share under weighted round robin, weights [3, 1, 1]', async () => {
    const [a, b, c] = await started('A', 'B', 'C');
    await deployApi(
      gw,
      endpointSetApi('Weighted', '/wrr', { urls: [a.url, b.url, c.url], 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3, 1, 1] }),
    );
    const outcomes = await runLoad({ total: 300, concurrency: 10, send: () => gw.request('/wrr/x') });
    expect(outcomes).toEqual({ A: a.hits, B: b.hits, C: c.hits });
    expect(outcomes).toEqual({ A: about(180), B: about(60), C: about(60) });
  });

  it('sends more to the member with fewer requests in flight under least request', async () => {
    const [slow] = await started('slow');
    const [quick] = await started('quick');
    slow.delayMs = 150;
    await deployApi(gw, endpointSetApi('LeastRequest', '/lr', { urls: [slow.url, quick.url], 'x-portico-load-balancer': 'least-request' }));
    const outcomes = await runLoad({ total: 40, concurrency: 8, send: () => gw.request('/lr/x') });
    expect(outcomes).toEqual({ slow: slow.hits, quick: quick.hits });
    // The slow member holds its requests 150 ms while the quick one frees its slot at once.
    expect(quick.hits).toBeGreaterThanOrEqual(2 * slow.hits);
  });

  it('refuses an unknown x-portico-load-balancer at deploy time and leaves what is deployed as it was', async () => {
    const [a, b] = await started('A', 'B');
    await deployApi(gw, endpointSetApi('Refused', '/refused', { urls: [a.url, b.url] }));
    const before = await porticoList(gw);

    const res = await porticoDeploy(gw, endpointSetApi('Refused', '/refused', { urls: [a.url, b.url], 'x-portico-load-balancer': 'fastest' }), { override: true });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json<AdminErrorBody>()).toMatchObject({
      code: 'endpoint.load-balancer-invalid',
      problems: [{ code: 'endpoint.load-balancer-invalid', location: 'definition#/x-wso2-production-endpoints/x-portico-load-balancer' }],
    });

    expect(await porticoList(gw)).toEqual(before);
    const outcomes = await runLoad({ total: 4, concurrency: 1, send: () => gw.request('/refused/x') });
    expect(outcomes).toEqual({ A: 2, B: 2 });
  });
});
