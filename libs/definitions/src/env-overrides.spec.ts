import { createHash } from 'node:crypto';
import { loadDocument, problemsOf, testSettings } from './fixtures.spec-support.js';

const HASH = createHash('sha1').update('Pets:1.0.0').digest('hex');
const env = (vars: Record<string, string>) => testSettings({ apiOverrides: Object.fromEntries(Object.entries(vars).map(([k, v]) => [`api_${HASH}_${k}`, v])) });

const text = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Pets', version: '1.0.0' },
  'x-wso2-basePath': '/pets',
  'x-wso2-production-endpoints': {
    urls: ['http://a.example/v1', 'http://b.example/v1'],
    type: 'failover',
    advanceEndpointConfig: { timeoutInMillis: 5000 },
    securityConfig: { type: 'basic', username: 'def-user', password: 'def-pass' },
  },
  paths: { '/pet': { 'x-wso2-production-endpoints': { urls: ['http://res.example'] }, get: {} } },
});

describe('adapter environment overrides (spec §3.6)', () => {
  it('replaces the API-level production URLs, load balanced, keeping timeout and security', async () => {
    const { api } = await loadDocument(text, env({ prod_endpoint_0: '"http://env1.example:8080/e"', prod_endpoint_1: "'env2.example'" }));
    expect(api.endpoints.PRODUCTION).toMatchObject({
      name: 'PRODUCTION',
      policy: 'LOAD_BALANCE',
      timeoutMs: 5000,
      security: { username: 'def-user' },
      location: `env:api_${HASH}_prod_endpoint_*`,
      urls: [{ rawUrl: 'http://env1.example:8080/e', port: 8080 }, { rawUrl: 'env2.example', scheme: 'http', port: 80 }],
    });
    // Resource-level sets are not affected.
    expect(api.resources[0].endpoints.PRODUCTION?.urls[0].host).toBe('res.example');
  });

  it('reads indexes until the first missing one', async () => {
    const { api } = await loadDocument(text, env({ prod_endpoint_0: 'http://env1.example', prod_endpoint_2: 'http://never.example' }));
    expect(api.endpoints.PRODUCTION?.urls.map((u) => u.host)).toEqual(['env1.example']);
  });

  it('gives a sandbox endpoint to an API without one', async () => {
    const { api } = await loadDocument(text, env({ sand_endpoint_0: 'http://sand.example' }));
    expect(api.endpoints.SANDBOX).toMatchObject({ name: 'SANDBOX', policy: 'LOAD_BALANCE', urls: [{ host: 'sand.example' }] });
  });

  it('overrides Basic credentials only where backend security is enabled', async () => {
    const { api } = await loadDocument(
      text,
      env({ prod_basic_username: 'john', prod_basic_password: '"lock"', sand_endpoint_0: 'http://sand.example', sand_basic_username: 'ignored' }),
    );
    expect(api.endpoints.PRODUCTION?.security).toEqual({ type: 'BASIC', username: 'john', password: { value: 'lock' } });
    expect(api.resources[0].endpoints.PRODUCTION?.security).toEqual({ type: 'BASIC', username: 'john', password: { value: 'lock' } });
    expect(api.endpoints.SANDBOX?.security).toBeUndefined();
  });

  it('ignores variables of other APIs and rejects broken URLs with the variable name', async () => {
    const other = testSettings({ apiOverrides: { [`api_${'0'.repeat(40)}_prod_endpoint_0`]: 'http://other.example' } });
    expect((await loadDocument(text, other)).api.endpoints.PRODUCTION?.urls[0].host).toBe('a.example');
    const problems = await problemsOf(loadDocument(text, env({ prod_endpoint_0: 'http://env.example:0' })));
    expect(problems).toEqual([
      {
        code: 'endpoint.port-range',
        message: `endpoint port value should be between 0 and 65535: http://env.example:0 (environment variable api_${HASH}_prod_endpoint_0)`,
        location: `env:api_${HASH}_prod_endpoint_0`,
      },
    ]);
  });

  describe('Portico routing options of the overridden set', () => {
    const withOptions = (extra: Record<string, unknown>) =>
      JSON.stringify({
        ...JSON.parse(text),
        'x-wso2-production-endpoints': { urls: ['http://a.example/v1', 'http://b.example/v1'], 'x-portico-health-check': { path: '/ping', intervalMs: 500 }, ...extra },
      });

    it('keeps the algorithm and the health-check overrides: they do not depend on which members there are', async () => {
      const { api, warnings } = await loadDocument(withOptions({ 'x-portico-load-balancer': 'least-request' }), env({ prod_endpoint_0: 'http://env.example' }));
      expect(api.endpoints.PRODUCTION).toMatchObject({ policy: 'LOAD_BALANCE', balancer: { algorithm: 'least-request' }, healthCheck: { path: '/ping', intervalMs: 500 } });
      expect(warnings).toEqual([]);
    });

    it('keeps weights when the variables give as many URLs, in their order', async () => {
      const { api } = await loadDocument(
        withOptions({ 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3, 1] }),
        env({ prod_endpoint_0: 'http://env1.example', prod_endpoint_1: 'http://env2.example' }),
      );
      expect(api.endpoints.PRODUCTION?.balancer).toEqual({ algorithm: 'weighted-round-robin', weights: [3, 1] });
    });

    it('balances round robin, with a warning, when the weights no longer fit the URLs', async () => {
      const { api, warnings } = await loadDocument(
        withOptions({ 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3, 1] }),
        env({ prod_endpoint_0: 'http://env1.example' }),
      );
      expect(api.endpoints.PRODUCTION).not.toHaveProperty('balancer');
      expect(api.endpoints.PRODUCTION?.healthCheck).toEqual({ path: '/ping', intervalMs: 500 });
      expect(warnings).toEqual([
        {
          code: 'endpoint.extension-ignored',
          message: 'x-portico-weights is ignored: the environment variables give 1 URL for its 2 weights, so the set is balanced round robin',
          location: `env:api_${HASH}_prod_endpoint_*`,
        },
      ]);
    });
  });
});
