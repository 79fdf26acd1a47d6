import { startTestGateway, type TestGateway } from '#testing';
import { clustersOf, memberStates } from './support/cluster-view.js';
import { runLoad } from './support/concurrent-load.js';
import { type BackendAnswer, type ControlledBackend, startBackendsInto } from './support/controlled-backend.js';
import { deployApi, endpointSetApi } from './support/endpoint-set-api.js';
import { eventually } from './support/waiting.js';

/**
 * Issue 16, failover (spec §8.3, §8.4): a failover set sends everything to its first usable URL;
 * a member that dies under load costs the clients nothing (per-request failover, then passive
 * ejection and probes), and a primary that comes back gets its traffic back once a probe passes.
 */

/** Fast probes, so that "a probe passed" happens within a test's patience. */
const HEALTH_CHECKS = { intervalMs: 200, timeoutMs: 100, healthyThreshold: 1, unhealthyThreshold: 1 };
const UNDER_LOAD = { total: 2000, concurrency: 50, killAfter: 300 };
/** 2,000 requests take a few seconds; slow, shared CI machines get room (a bound, not a speed check). */
const LOAD_TEST_TIMEOUT_MS = 60_000;

describe('failover and dead members', () => {
  let gw: TestGateway;
  const backends: ControlledBackend[] = [];

  const started = (...names: string[]): Promise<ControlledBackend[]> => startBackendsInto(backends, ...names);

  /** The port of a backend that is no longer there: connections to it are refused. */
  const closedPort = async (): Promise<number> => {
    const [gone] = await started('gone');
    await gone.kill();
    return gone.port;
  };

  const answerOf = async (path: string): Promise<string> => {
    const res = await gw.request(path);
    return res.status === 200 ? res.json<BackendAnswer>().backend : `status ${res.status}`;
  };

  beforeAll(async () => {
    gw = await startTestGateway({ settings: { upstream: { healthChecks: HEALTH_CHECKS, retry: { baseIntervalMs: 1 } } } });
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all(backends.map((b) => b.close()));
  });

  describe('a failover set whose primary dies and comes back (tests run in order)', () => {
    let primary: ControlledBackend;
    let secondary: ControlledBackend;

    beforeAll(async () => {
      [primary, secondary] = await started('primary', 'secondary');
      await deployApi(gw, endpointSetApi('Failover', '/failover', { urls: [primary.url, secondary.url], type: 'failover' }));
    });

    it('sends all traffic to the primary while it is up', async () => {
      const outcomes = await runLoad({ total: 50, concurrency: 5, send: () => gw.request('/failover/x') });
      expect(outcomes).toEqual({ primary: 50 });
      expect([primary.hits, secondary.hits]).toEqual([50, 0]);
    });

    it('loses no request when the primary is killed under load: the secondary serves the rest', async () => {
      const before = primary.hits;
      const outcomes = await runLoad({
        total: UNDER_LOAD.total,
        concurrency: UNDER_LOAD.concurrency,
        send: () => gw.request('/failover/x'),
        after: { completed: UNDER_LOAD.killAfter, run: () => primary.kill() },
      });
      const servedByPrimary = primary.hits - before;
      expect(outcomes).toEqual({ primary: servedByPrimary, secondary: UNDER_LOAD.total - servedByPrimary });
      expect(servedByPrimary).toBeGreaterThanOrEqual(UNDER_LOAD.killAfter);
      expect(secondary.hits).toBe(UNDER_LOAD.total - servedByPrimary);
    }, LOAD_TEST_TIMEOUT_MS);

    it('returns traffic to the primary once it listens again on its port and a probe passes', async () => {
      expect(await answerOf('/failover/x')).toBe('secondary');
      // Out of rotation (ejected after its connection failures, or marked unhealthy by a probe).
      expect(await memberStates(gw, 'Failover')).toEqual([expect.stringMatching(/^(ejected|unhealthy)$/), 'healthy']);
      await primary.restart();
      // Bounded poll (≥ 4 s, 20 probe intervals); the passive ejection alone would last 30 s.
      await eventually(() => answerOf('/failover/x'), (who) => who === 'primary');
      expect(await memberStates(gw, 'Failover')).toEqual(['healthy', 'healthy']);
      const outcomes = await runLoad({ total: 20, concurrency: 4, send: () => gw.request('/failover/x') });
      expect(outcomes).toEqual({ primary: 20 });
    });
  });

  it('loses no request when a member of a load-balanced set is killed under load', async () => {
    const [a, b] = await started('A', 'B');
    await deployApi(gw, endpointSetApi('Balanced', '/balanced', { urls: [a.url, b.url] }));
    const outcomes = await runLoad({
      total: UNDER_LOAD.total,
      concurrency: UNDER_LOAD.concurrency,
      send: () => gw.request('/balanced/x'),
      after: { completed: UNDER_LOAD.killAfter, run: () => a.kill() },
    });
    expect(outcomes).toEqual({ A: a.hits, B: UNDER_LOAD.total - a.hits });
    expect(b.hits).toBe(UNDER_LOAD.total - a.hits);
    // Round robin had sent about half of the first requests to A before it died.
    expect(a.hits).toBeGreaterThanOrEqual(UNDER_LOAD.killAfter / 2 - 1);
    expect(await memberStates(gw, 'Balanced')).toEqual([expect.stringMatching(/^(ejected|unhealthy)$/), 'healthy']);
  }, LOAD_TEST_TIMEOUT_MS);

  describe('a POST whose primary refuses the connection', () => {
    const body = JSON.stringify({ order: 42, items: ['tea', 'milk'], note: 'é ✓' });
    const post = (target: TestGateway, path: string) =>
      target.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    /** Probes off, so that only the requests themselves find the primary dead. */
    const setOf = (port: number, secondary: ControlledBackend) => ({
      urls: [`http://127.0.0.1:${port}`, secondary.url],
      type: 'failover',
      'x-portico-health-check': { enabled: false },
    });

    it('reaches the secondary with its body intact', async () => {
      const port = await closedPort();
      const [secondary] = await started('post-secondary');
      await deployApi(gw, endpointSetApi('PostFailover', '/post-failover', setOf(port, secondary)));
      for (let i = 0; i < 3; i++) {
        const res = await post(gw, `/post-failover/orders?n=${i}`);
        expect([res.status, res.json<BackendAnswer>()]).toEqual([200, { backend: 'post-secondary', method: 'POST', url: `/orders?n=${i}`, body }]);
      }
      expect(secondary.hits).toBe(3);
      // The primary was tried and refused each time, and three connection failures in a row eject it.
      const [cluster] = await clustersOf(gw, 'PostFailover');
      expect(cluster.members[0]).toMatchObject({ state: 'ejected', ejections: 1, lastError: expect.stringMatching(/^connect\b.*ECONNREFUSED/) });
    });

    it('is a 503 102503 when per-request failover is off: the primary is tried first', async () => {
      const port = await closedPort();
      const [secondary] = await started('unused-secondary');
      const strict = await startTestGateway({ settings: { upstream: { failover: { onConnectionFailure: false } } } });
      try {
        await deployApi(strict, endpointSetApi('PostFailover', '/post-failover', setOf(port, secondary)));
        const res = await post(strict, '/post-failover/orders');
        expect([res.status, res.json()]).toEqual([503, expect.objectContaining({ code: '102503', message: 'Upstream connection failed' })]);
        expect(secondary.hits).toBe(0);
      } finally {
        await strict.destroy();
      }
    });
  });
});
