import { performance } from 'node:perf_hooks';
import { type CallResult, ccFixture, describeWithCcFixtures, openApiDocument, retarget, startTestGateway, type TestGateway, withRootKeys } from '#testing';
import { type ScriptedBackend, startScriptedBackend } from './support/retry-backend.js';
import { deployDefinition } from './support/secured-api.js';

/**
 * Spec §9.2, black box: the chosen set's `timeoutInMillis` (resource level over API level), else
 * the gateway's `upstream.routeTimeoutMs`, bounds the time to the backend's response head; on
 * expiry the client gets the router's 504 `102504`. One timer covers every try of a request.
 *
 * Choreo Connect's fixtures use seconds (3 s, 7 s, delays of 4-17 s). Every timeout and every
 * backend delay here is divided by 10 (the fixture text is rewritten on load), which keeps
 * their order, the thing the fixtures test, and keeps the suite fast.
 */

const SCALE = 10;
/** A global route timeout between the global fixture's two delays (8 s and 17 s), scaled. */
const GLOBAL_TIMEOUT_MS = 15_000 / SCALE;

const TIMED_OUT = { code: '102504', message: 'Upstream connection timeout' };

/** What the client got: the backend's own answer, or the gateway's error body. */
const outcome = (res: CallResult) => ({ status: res.status, body: res.headers['x-attempt'] === undefined ? res.json<Record<string, string>>() : res.text });

/** A fixture retargeted at the backend, its timeouts scaled down, security off (these tests are about time, not keys). */
function scaledFixture(path: string, backendUrl: string): string {
  const scaled = ccFixture(path).replace(/timeoutInMillis:\s*(\d+)/g, (_all, ms: string) => `timeoutInMillis: ${Number(ms) / SCALE}`);
  return withRootKeys(retarget(scaled, backendUrl), { 'x-wso2-disable-security': true });
}

/** The backend answers 200 after `seconds` of Choreo Connect's fixture, scaled. */
const after = (seconds: number) => [{ status: 200, delayMs: (seconds * 1000) / SCALE }];

describe('upstream timeouts (spec §9.2)', () => {
  let backend: ScriptedBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startScriptedBackend();
    gw = await startTestGateway({ settings: { upstream: { routeTimeoutMs: GLOBAL_TIMEOUT_MS, retry: { baseIntervalMs: 1 } } } });
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
  });

  describeWithCcFixtures('resource and API level (timeout_endpoint_openAPI.yaml: 300 ms resource, 700 ms API)', () => {
    beforeAll(async () => {
      await deployDefinition(gw, scaledFixture('integration/openAPIs/timeout_endpoint_openAPI.yaml', backend.url));
    });

    it('/pet/findByStatus answers at once → 200', async () => {
      backend.script('/v2/pet/findByStatus', [{ status: 200 }]);
      expect(outcome(await gw.request('/endpoint-timeout/pet/findByStatus'))).toEqual({ status: 200, body: '200 from attempt 1' });
    });

    it('/pet/findByStatus answers just inside its 300 ms resource timeout (after 200 ms) → 200', async () => {
      backend.script('/v2/pet/findByStatus', [{ status: 200, delayMs: 200 }]);
      expect(outcome(await gw.request('/endpoint-timeout/pet/findByStatus'))).toEqual({ status: 200, body: '200 from attempt 1' });
    });

    it('/delay-4 (400 ms): the 300 ms resource-level timeout wins over the 700 ms API-level one → 504 102504', async () => {
      backend.script('/v2/delay-4', after(4));
      const res = await gw.request('/endpoint-timeout/delay-4');
      expect([res.status, res.headers['content-type'], res.json()]).toEqual([504, expect.stringContaining('application/json'), expect.objectContaining(TIMED_OUT)]);
      expect(backend.attempts('/v2/delay-4')).toHaveLength(1);
    });

    it('/delay-5 (500 ms) has no resource timeout: the 700 ms API level applies → 200', async () => {
      backend.script('/v2/delay-5', after(5));
      expect(outcome(await gw.request('/endpoint-timeout/delay-5'))).toEqual({ status: 200, body: '200 from attempt 1' });
    });

    it('/delay-8 (800 ms) outlasts the 700 ms API-level timeout (the 1.5 s global one does not apply) → 504', async () => {
      backend.script('/v2/delay-8', after(8));
      expect(outcome(await gw.request('/endpoint-timeout/delay-8'))).toEqual({ status: 504, body: expect.objectContaining(TIMED_OUT) });
    });
  });

  describeWithCcFixtures(`global route timeout (timeout_global_openAPI.yaml, upstream.routeTimeoutMs ${GLOBAL_TIMEOUT_MS})`, () => {
    beforeAll(async () => {
      await deployDefinition(gw, scaledFixture('integration/openAPIs/timeout_global_openAPI.yaml', backend.url));
    });

    it('/delay-8 (800 ms) is inside the global timeout of a set that sets none → 200', async () => {
      backend.script('/v2/delay-8', after(8));
      expect(outcome(await gw.request('/global-timeout/delay-8'))).toEqual({ status: 200, body: '200 from attempt 1' });
    });

    it('/delay-17 (1.7 s) outlasts the global timeout → 504 102504', async () => {
      backend.script('/v2/delay-17', after(17));
      expect(outcome(await gw.request('/global-timeout/delay-17'))).toEqual({ status: 504, body: expect.objectContaining(TIMED_OUT) });
    });
  });

  describe('one timer covers every retry', () => {
    beforeAll(async () => {
      const endpoints = {
        urls: [`${backend.url}/slow`],
        advanceEndpointConfig: { timeoutInMillis: 100, retryConfig: { count: 5, statusCodes: [503] } },
      };
      await deployDefinition(gw, openApiDocument({ title: 'RetriesInTime', basePath: '/retries-in-time', extra: { 'x-wso2-production-endpoints': endpoints } }));
    });

    it('count 5 on a backend that answers 503 after 40 ms, timeout 100 ms: a 504 at the deadline, at most 3 tries', async () => {
      // Tries end at ~40 and ~80 ms; the third is in flight when the 100 ms timer expires, so
      // Portico answers its own 504 (upstream-call.ts: an interrupted try fails as timed out)
      // rather than the last 503. The 6 tries that count 5 allows never happen.
      backend.script('/slow/down', [{ status: 503, delayMs: 40 }]);
      const started = performance.now();
      const res = await gw.request('/retries-in-time/down');
      const elapsedMs = performance.now() - started;
      expect(outcome(res)).toEqual({ status: 504, body: expect.objectContaining(TIMED_OUT) });
      expect(backend.attempts('/slow/down').length).toBeLessThanOrEqual(3);
      // Functional bounds only (the try count above shows the retries stopped): not before the timer, and bounded.
      expect(elapsedMs).toBeGreaterThanOrEqual(95);
      expect(elapsedMs).toBeLessThan(1000);
    });
  });
});
