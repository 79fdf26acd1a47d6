import { parse, stringify } from 'yaml';
import { type CallResult, describeWithCcFixtures, openFixture, startTestGateway, type TestGateway } from '#testing';
import { ControlledBackend } from './support/controlled-backend.js';
import { deployApi } from './support/endpoint-set-api.js';
import { eventually } from './support/waiting.js';

/**
 * Issue 16, circuit breakers (spec §9.3) on Choreo Connect's CircuitBreakersTestCase definition.
 * The fixture's limits: `/req-cb` has its own production set with maxRequests 1; the API-level
 * production set has maxRequests 3 (maxConnections 5) and no resource of its own; the API-level
 * sandbox set has maxRequests 2. With security off every request is PRODUCTION, so the test adds
 * two resources on the API-level production set (to show the limit is per cluster, shared by
 * routes) and one whose production set is the fixture's sandbox set (maxRequests 2).
 *
 * Requests over a limit are answered at once, so the backend holds every request it receives
 * until the overflow answers are in: "concurrent" without relying on how slow anything is.
 */

const FIXTURE = 'integration/openAPIs/circuit_breakers_openAPI.yaml';
const OVERFLOW = { code: '102505', message: 'Upstream overflow' };

interface FixtureDocument {
  paths: Record<string, unknown>;
  'x-wso2-sandbox-endpoints': unknown;
}

/** The fixture on local backends, open, with the resources described above. */
function circuitBreakersApi(production: ControlledBackend, sandbox: ControlledBackend): string {
  const document = parse(openFixture(FIXTURE, { 'mockBackend:2383': production.url, 'mockBackend:2390': sandbox.url })) as FixtureDocument;
  const get = { get: { responses: { '200': { description: 'ok' } } } };
  document.paths['/api-level-a'] = get;
  document.paths['/api-level-b'] = get;
  document.paths['/sandbox-set'] = { 'x-wso2-production-endpoints': document['x-wso2-sandbox-endpoints'], ...get };
  return stringify(document);
}

describeWithCcFixtures('circuit breakers (CircuitBreakersTestCase)', () => {
  let gw: TestGateway;
  let production: ControlledBackend;
  let sandbox: ControlledBackend;

  /**
   * Sends the requests at once while `backend` holds its answers; releases it when every request
   * has either been answered (refused) or reached the backend, then returns every response.
   */
  const atOnce = async (backend: ControlledBackend, paths: readonly string[]): Promise<CallResult[]> => {
    backend.hold();
    const before = backend.hits;
    let answered = 0;
    try {
      const calls = paths.map((path) => gw.request(path).finally(() => answered++));
      await eventually(
        async () => answered + backend.hits - before,
        (settled) => settled >= paths.length,
      );
      backend.release();
      return await Promise.all(calls);
    } finally {
      backend.release();
    }
  };

  const statuses = (results: readonly CallResult[]): number[] => results.map((r) => r.status).sort();
  const overflows = (results: readonly CallResult[]) => results.filter((r) => r.status === 503).map((r) => [r.headers['content-type'], r.json()]);

  beforeAll(async () => {
    production = await ControlledBackend.start('production');
    sandbox = await ControlledBackend.start('sandbox');
    gw = await startTestGateway();
    await deployApi(gw, circuitBreakersApi(production, sandbox));
  });

  afterAll(async () => {
    await gw?.destroy();
    await production?.close();
    await sandbox?.close();
  });

  it('maxRequests 1 (/req-cb): of two concurrent requests one is served, one refused with 503 102505', async () => {
    const results = await atOnce(production, ['/circuit-breakers/req-cb', '/circuit-breakers/req-cb']);
    expect(statuses(results)).toEqual([200, 503]);
    expect(overflows(results)).toEqual([[expect.stringContaining('application/json'), expect.objectContaining(OVERFLOW)]]);
    // The slot is free again once the request ended.
    expect((await gw.request('/circuit-breakers/req-cb')).status).toBe(200);
  });

  it('maxRequests 2 (the sandbox set): of three concurrent requests two are served, one refused', async () => {
    const results = await atOnce(sandbox, ['/circuit-breakers/sandbox-set', '/circuit-breakers/sandbox-set', '/circuit-breakers/sandbox-set']);
    expect(statuses(results)).toEqual([200, 200, 503]);
    expect(overflows(results)).toEqual([[expect.stringContaining('application/json'), expect.objectContaining(OVERFLOW)]]);
  });

  it('maxRequests 3 (the API-level set) counts the requests of every route on the set together', async () => {
    const results = await atOnce(production, ['/circuit-breakers/api-level-a', '/circuit-breakers/api-level-a', '/circuit-breakers/api-level-b', '/circuit-breakers/api-level-b']);
    expect(statuses(results)).toEqual([200, 200, 200, 503]);
    expect(overflows(results)).toEqual([[expect.stringContaining('application/json'), expect.objectContaining(OVERFLOW)]]);
  });

  it('keeps each set to its own limit: /req-cb overflows while the API-level set, on the same backend, admits', async () => {
    const paths = ['/circuit-breakers/req-cb', '/circuit-breakers/req-cb', '/circuit-breakers/api-level-a', '/circuit-breakers/api-level-b', '/circuit-breakers/api-level-a'];
    const results = await atOnce(production, paths);
    expect(statuses(results.slice(0, 2))).toEqual([200, 503]);
    expect(statuses(results.slice(2))).toEqual([200, 200, 200]);
  });
});
