import { loadDocument, loadFolder, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

/**
 * Portico's routing options of an endpoint set (issue 16): `x-portico-load-balancer`,
 * `x-portico-weights` and `x-portico-health-check` in any endpoint object. Valid values reach the
 * model; anything Portico could not honour as written rejects the deploy, with every problem at
 * its location.
 */
const load = (text: string) => loadDocument(text, undefined, 'swagger.json');
const problemsOfDocument = (extra: Record<string, unknown>) => problemsOf(load(oas3(extra)));
const production = (extra: Record<string, unknown>, urls = ['http://a.example', 'http://b.example']) => ({ 'x-wso2-production-endpoints': { urls, ...extra } });
const AT = 'swagger.json#/x-wso2-production-endpoints';

describe('x-portico-load-balancer and x-portico-weights', () => {
  it.each([
    ['round-robin', { 'x-portico-load-balancer': 'round-robin' }, { algorithm: 'round-robin' }],
    ['least-request', { 'x-portico-load-balancer': 'least-request' }, { algorithm: 'least-request' }],
    ['weighted-round-robin', { 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3, 1] }, { algorithm: 'weighted-round-robin', weights: [3, 1] }],
    ['the weight bounds', { 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [1, 1000] }, { algorithm: 'weighted-round-robin', weights: [1, 1000] }],
  ])('reads %s into the model, without a warning', async (_case, extra, balancer) => {
    const { api, warnings } = await load(oas3(production(extra)));
    expect(api.endpoints.PRODUCTION?.balancer).toEqual(balancer);
    expect(warnings).toEqual([]);
  });

  it('leaves the balancer out when the set names none (round robin, as Choreo Connect)', async () => {
    const { api } = await load(oas3(production({})));
    expect(api.endpoints.PRODUCTION).not.toHaveProperty('balancer');
    expect(api.endpoints.PRODUCTION).not.toHaveProperty('healthCheck');
  });

  it('reads them on path items, sandbox sets and x-wso2-endpoints entries too', async () => {
    const { api } = await load(
      oas3({
        // One base path for every set: Choreo Connect's rule for APIs with x-wso2-endpoints.
        'x-wso2-endpoints': [{ shared: { urls: ['http://s1.example/v1', 'http://s2.example/v1'], 'x-portico-load-balancer': 'least-request' } }],
        'x-wso2-sandbox-endpoints': '#/x-wso2-endpoints/shared',
        paths: {
          '/pet': {
            'x-wso2-production-endpoints': { urls: ['http://r1.example/v1', 'http://r2.example/v1'], 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [1, 4] },
            get: {},
          },
        },
      }),
    );
    expect(api.endpoints.SANDBOX).toMatchObject({ name: 'ref:shared', balancer: { algorithm: 'least-request' } });
    expect(api.resources[0].endpoints.PRODUCTION).toMatchObject({ name: '/pet PRODUCTION', balancer: { algorithm: 'weighted-round-robin', weights: [1, 4] } });
  });

  it.each([
    ['an unknown algorithm', { 'x-portico-load-balancer': 'random' }, [
      ['x-portico-load-balancer must be one of round-robin, weighted-round-robin, least-request; got "random"', `${AT}/x-portico-load-balancer`],
    ]],
    ['another spelling (values are exact)', { 'x-portico-load-balancer': 'Round-Robin' }, [
      ['x-portico-load-balancer must be one of round-robin, weighted-round-robin, least-request; got "Round-Robin"', `${AT}/x-portico-load-balancer`],
    ]],
    ['a value that is not a string', { 'x-portico-load-balancer': ['round-robin'] }, [
      ['x-portico-load-balancer must be one of round-robin, weighted-round-robin, least-request; got ["round-robin"]', `${AT}/x-portico-load-balancer`],
    ]],
    ['an algorithm on a failover set', { type: 'failover', 'x-portico-load-balancer': 'round-robin' }, [
      [
        'x-portico-load-balancer applies only to load-balanced sets; this set is failover (type: failover), which sends every request to its first available endpoint in URL order',
        `${AT}/x-portico-load-balancer`,
      ],
    ]],
    ['weighted-round-robin without weights', { 'x-portico-load-balancer': 'weighted-round-robin' }, [
      ['x-portico-load-balancer: weighted-round-robin needs x-portico-weights, one whole number from 1 to 1000 per URL, in URL order', `${AT}/x-portico-load-balancer`],
    ]],
    ['weights without an algorithm', { 'x-portico-weights': [1, 2] }, [
      ['x-portico-weights is read only with x-portico-load-balancer: weighted-round-robin', `${AT}/x-portico-weights`],
    ]],
    ['weights with another algorithm', { 'x-portico-load-balancer': 'least-request', 'x-portico-weights': [1, 2] }, [
      ['x-portico-weights is read only with x-portico-load-balancer: weighted-round-robin, not least-request', `${AT}/x-portico-weights`],
    ]],
    ['weights that are not a list', { 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': { a: 1 } }, [
      ['x-portico-weights must be a list, one whole number from 1 to 1000 per URL, in URL order; got {"a":1}', `${AT}/x-portico-weights`],
    ]],
    ['fewer weights than URLs', { 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3] }, [
      ['x-portico-weights lists 1 weight for 2 URLs; give one whole number from 1 to 1000 per URL, in URL order', `${AT}/x-portico-weights`],
    ]],
    ['more weights than URLs', { 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [3, 2, 1] }, [
      ['x-portico-weights lists 3 weights for 2 URLs; give one whole number from 1 to 1000 per URL, in URL order', `${AT}/x-portico-weights`],
    ]],
  ])('rejects %s', async (_case, extra, expected) => {
    const problems = await problemsOfDocument(production(extra));
    expect(problems).toEqual(expected.map(([message, location]) => ({ code: 'endpoint.load-balancer-invalid', message, location })));
  });

  it('rejects every bad weight at its index', async () => {
    const urls = ['http://a.example', 'http://b.example', 'http://c.example', 'http://d.example', 'http://e.example'];
    const problems = await problemsOfDocument(production({ 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [0, 1001, 1.5, '3', 2] }, urls));
    expect(problems.map((p) => [p.code, p.message, p.location])).toEqual([
      ['endpoint.load-balancer-invalid', 'x-portico-weights[0] must be a whole number from 1 to 1000; got 0', `${AT}/x-portico-weights/0`],
      ['endpoint.load-balancer-invalid', 'x-portico-weights[1] must be a whole number from 1 to 1000; got 1001', `${AT}/x-portico-weights/1`],
      ['endpoint.load-balancer-invalid', 'x-portico-weights[2] must be a whole number from 1 to 1000; got 1.5', `${AT}/x-portico-weights/2`],
      ['endpoint.load-balancer-invalid', 'x-portico-weights[3] must be a whole number from 1 to 1000; got "3"', `${AT}/x-portico-weights/3`],
    ]);
  });

  it('reports the problems of path-item and x-wso2-endpoints sets at their own location', async () => {
    const problems = await problemsOfDocument({
      'x-wso2-endpoints': [{ shared: { urls: ['http://s.example'], 'x-portico-load-balancer': 'fastest' } }],
      paths: { '/pet': { 'x-wso2-sandbox-endpoints': { urls: ['http://r.example'], type: 'failover', 'x-portico-load-balancer': 'round-robin' }, get: {} } },
    });
    expect(problems.map((p) => [p.code, p.location])).toEqual([
      ['endpoint.load-balancer-invalid', 'swagger.json#/x-wso2-endpoints/0/shared/x-portico-load-balancer'],
      ['endpoint.load-balancer-invalid', 'swagger.json#/paths/~1pet/x-wso2-sandbox-endpoints/x-portico-load-balancer'],
    ]);
  });
});

describe('x-portico-health-check', () => {
  it('reads every field into the model, without a warning', async () => {
    const healthCheck = { enabled: true, path: '/healthz?deep=1', intervalMs: 50, timeoutMs: 10, unhealthyThreshold: 1, healthyThreshold: 3 };
    const { api, warnings } = await load(oas3(production({ 'x-portico-health-check': healthCheck }, ['http://a.example'])));
    expect(api.endpoints.PRODUCTION?.healthCheck).toEqual(healthCheck);
    expect(warnings).toEqual([]);
  });

  it('keeps only the fields written, on failover sets too; an empty map changes nothing', async () => {
    const { api } = await load(
      oas3({
        ...production({ type: 'failover', 'x-portico-health-check': { enabled: false } }),
        'x-wso2-sandbox-endpoints': { urls: ['http://s.example'], 'x-portico-health-check': {} },
      }),
    );
    expect(api.endpoints.PRODUCTION).toMatchObject({ policy: 'FAILOVER', healthCheck: { enabled: false } });
    expect(api.endpoints.SANDBOX).not.toHaveProperty('healthCheck');
  });

  it.each([
    ['a value that is not a map', true, [
      ['x-portico-health-check must be a map with any of enabled, path, intervalMs, timeoutMs, unhealthyThreshold, healthyThreshold; got true', `${AT}/x-portico-health-check`],
    ]],
    ['an unknown key', { interval: 100 }, [
      ['unknown key interval in x-portico-health-check; allowed: enabled, path, intervalMs, timeoutMs, unhealthyThreshold, healthyThreshold', `${AT}/x-portico-health-check/interval`],
    ]],
    ['every bad field at once', { enabled: 'yes', path: 'healthz', intervalMs: 49, timeoutMs: 9, unhealthyThreshold: 0, healthyThreshold: 1.5 }, [
      ['x-portico-health-check.enabled must be true or false; got "yes"', `${AT}/x-portico-health-check/enabled`],
      ['x-portico-health-check.path must be an absolute path such as /healthz, without spaces or fragment; got "healthz"', `${AT}/x-portico-health-check/path`],
      ['x-portico-health-check.intervalMs must be a whole number of at least 50; got 49', `${AT}/x-portico-health-check/intervalMs`],
      ['x-portico-health-check.timeoutMs must be a whole number of at least 10; got 9', `${AT}/x-portico-health-check/timeoutMs`],
      ['x-portico-health-check.unhealthyThreshold must be a whole number of at least 1; got 0', `${AT}/x-portico-health-check/unhealthyThreshold`],
      ['x-portico-health-check.healthyThreshold must be a whole number of at least 1; got 1.5', `${AT}/x-portico-health-check/healthyThreshold`],
    ]],
    ['a path with a space or a fragment', { path: '/health#x' }, [
      ['x-portico-health-check.path must be an absolute path such as /healthz, without spaces or fragment; got "/health#x"', `${AT}/x-portico-health-check/path`],
    ]],
    ['a number written as text', { intervalMs: '100' }, [
      ['x-portico-health-check.intervalMs must be a whole number of at least 50; got "100"', `${AT}/x-portico-health-check/intervalMs`],
    ]],
  ])('rejects %s', async (_case, value, expected) => {
    const problems = await problemsOfDocument(production({ 'x-portico-health-check': value }));
    expect(problems).toEqual(expected.map(([message, location]) => ({ code: 'endpoint.health-check-invalid', message, location })));
  });
});

describe('x-portico-* keys of endpoint objects', () => {
  it('rejects a misspelt one in an endpoint object, naming the ones read there', async () => {
    expect(await problemsOfDocument(production({ 'x-portico-weight': [1, 2] }))).toEqual([
      {
        code: 'extension.unknown',
        message:
          'unknown extension x-portico-weight: Portico reads only x-portico-load-balancer, x-portico-weights, x-portico-health-check, x-portico-tls, x-portico-connector in an endpoint object (x-wso2-production-endpoints, x-wso2-sandbox-endpoints or an x-wso2-endpoints entry)',
        location: `${AT}/x-portico-weight`,
      },
    ]);
  });

  it('rejects one outside an endpoint object, saying where it is read', async () => {
    expect(await problemsOfDocument({ 'x-portico-load-balancer': 'round-robin' })).toEqual([
      {
        code: 'extension.unknown',
        message:
          'x-portico-load-balancer is read only in an endpoint object (x-wso2-production-endpoints, x-wso2-sandbox-endpoints or an x-wso2-endpoints entry); here it would have no effect',
        location: 'swagger.json#/x-portico-load-balancer',
      },
    ]);
  });

  it('reports the problems of the balancer and the health check together with the others of the set', async () => {
    const problems = await problemsOfDocument(
      production({ urls: [], 'x-portico-load-balancer': 'weighted-round-robin', 'x-portico-weights': [0], 'x-portico-health-check': { intervalMs: 1 } }),
    );
    expect(problems.map((p) => p.code)).toEqual(['endpoint.urls-missing', 'endpoint.load-balancer-invalid', 'endpoint.health-check-invalid']);
  });

  it('reads them in the definition of an apictl project', async () => {
    const apiYaml = JSON.stringify({ data: { name: 'Pets', version: '1.0.0', context: '/pets', endpointConfig: { production_endpoints: { url: 'http://a.example' } } } });
    const definition = oas3(production({ 'x-portico-load-balancer': 'least-request', 'x-portico-health-check': { path: '/ping' } }));
    const { api, warnings } = await loadFolder(projectOf(definition, apiYaml));
    expect(api.endpoints.PRODUCTION).toMatchObject({ balancer: { algorithm: 'least-request' }, healthCheck: { path: '/ping' } });
    expect(warnings).toEqual([]);
  });
});
