import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionConnectorModule } from '#connectors/function';
import { accessTokenClaims, generateTestKeyPair, openApiDocument, signJwt, startTestGateway, type TestGateway, type TestKeyPair, writeCertificatePem } from '#testing';

/**
 * The `function` connector through a real gateway: handler modules written to a directory, APIs
 * deployed through the admin API, requests over HTTP, security and key-type routing on.
 */

const ISSUER = 'https://km.portico.test/oauth2/token';

const HANDLERS: Record<string, string> = {
  'hello.mjs': `export default (req) => ({ body: { hello: req.query.name ?? 'world', path: req.path, method: req.method, sent: req.json() ?? null } });`,
  'orders.mjs': `export default (req) => ({ headers: { 'x-module': 'orders' }, body: { env: 'production', subject: req.principal?.subject, keyType: req.keyType } });`,
  'orders-sandbox.mjs': `export default (req) => ({ headers: { 'x-module': 'orders-sandbox' }, body: { env: 'sandbox', subject: req.principal?.subject, keyType: req.keyType } });`,
  'failing.mjs': `export default () => { throw new Error('inventory offline'); };`,
  'slow.mjs': `export default (req, { signal }) => new Promise((resolve) => { const t = setTimeout(() => resolve({ body: 'late' }), 2000); signal.addEventListener('abort', () => clearTimeout(t)); });`,
  'flaky.mjs': `let calls = 0; export default (req) => (++calls % 2 === 1 ? { status: 503, body: 'busy' } : { body: \`try \${calls}: \${req.text()}\` });`,
  'named.mjs': `export const handle = () => ({ body: 'named' });`,
};

describe('the function connector end to end', () => {
  let root: string;
  let directory: string;
  let key: TestKeyPair;
  let gw: TestGateway;
  const warnings: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'portico-function-e2e-'));
    directory = join(root, 'functions');
    mkdirSync(directory);
    for (const [name, source] of Object.entries(HANDLERS)) writeFileSync(join(directory, name), source);
    // Outside the function directory: a definition must not be able to name it.
    writeFileSync(join(root, 'escape.mjs'), `export default () => ({ body: 'escaped' });`);
    key = generateTestKeyPair();
    const certificateFile = await writeCertificatePem(key, root);
    gw = await startTestGateway({
      settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } },
      start: { imports: [FunctionConnectorModule.forRoot({ directory })] },
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await gw?.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  const deploy = (title: string, extra: Record<string, unknown>, open = true) =>
    gw.admin('/portico/v1/apis?override=true', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: openApiDocument({ title, basePath: `/${title}`, open, extra }),
    });
  const functionApi = (options: Record<string, unknown>) => ({ 'x-portico-connector': { type: 'function', options } });
  const token = (keytype: string) => signJwt(accessTokenClaims({ issuer: ISSUER, subject: 'alice@carbon.super', extra: { keytype } }), { key });

  it('serves a resource with a handler module: no endpoint URLs, query, body and path given to it', async () => {
    expect((await deploy('hello', functionApi({ module: 'hello.mjs' }))).status).toBe(201);
    const got = await gw.request('/hello/greet?name=ada');
    expect([got.status, got.headers['content-type'], got.json()]).toEqual([200, 'application/json', { hello: 'ada', path: '/greet', method: 'GET', sent: null }]);
    const posted = await gw.request('/hello/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":3}' });
    expect(posted.json()).toEqual({ hello: 'world', path: '/orders', method: 'POST', sent: { qty: 3 } });
  });

  it('routes by the caller\'s key type to the module of each endpoint object, and tells the handler who called', async () => {
    const res = await deploy(
      'orders',
      {
        ...functionApi({ module: 'orders.mjs' }),
        'x-wso2-sandbox-endpoints': { 'x-portico-connector': { options: { module: 'orders-sandbox.mjs' } } },
        'x-wso2-production-endpoints': { 'x-portico-connector': { options: { module: 'orders.mjs' } } },
      },
      false,
    );
    expect(res.status).toBe(201);
    const production = await gw.request('/orders/1', { headers: { authorization: `Bearer ${token('PRODUCTION')}` } });
    expect([production.status, production.headers['x-module'], production.json()]).toEqual([200, 'orders', { env: 'production', subject: 'alice@carbon.super', keyType: 'PRODUCTION' }]);
    const sandbox = await gw.request('/orders/1', { headers: { authorization: `Bearer ${token('SANDBOX')}` } });
    expect([sandbox.status, sandbox.headers['x-module'], sandbox.json()]).toEqual([200, 'orders-sandbox', { env: 'sandbox', subject: 'alice@carbon.super', keyType: 'SANDBOX' }]);
    expect((await gw.request('/orders/1')).status).toBe(401);
  });

  it('serves both key types from the root extension alone', async () => {
    expect((await deploy('single', functionApi({ module: 'orders.mjs' }), false)).status).toBe(201);
    for (const keyType of ['PRODUCTION', 'SANDBOX']) {
      const res = await gw.request('/single/x', { headers: { authorization: `Bearer ${token(keyType)}` } });
      expect([res.status, res.json()]).toEqual([200, { env: 'production', subject: 'alice@carbon.super', keyType }]);
    }
  });

  it('answers 502 103530 when the handler throws, and logs it', async () => {
    expect((await deploy('failing', functionApi({ module: 'failing.mjs' }))).status).toBe(201);
    const res = await gw.request('/failing/x');
    expect([res.status, res.json()]).toEqual([502, { code: '103530', message: 'Function failed', description: 'inventory offline' }]);
    expect(warnings.filter((line) => line.includes('failing.mjs') && line.includes('inventory offline'))).toHaveLength(1);
  });

  it('answers 504 when the handler outlasts the endpoint timeout', async () => {
    const res = await deploy('slow', {
      ...functionApi({ module: 'slow.mjs' }),
      'x-wso2-production-endpoints': { 'x-portico-connector': { options: {} }, advanceEndpointConfig: { timeoutInMillis: 150 } },
    });
    expect(res.status).toBe(201);
    const answer = await gw.request('/slow/x');
    expect([answer.status, answer.json()]).toEqual([504, expect.objectContaining({ code: '102504' })]);
  });

  it('retries a retriable status of the handler as it would a backend\'s, with the request body replayed', async () => {
    const res = await deploy('flaky', {
      ...functionApi({ module: 'flaky.mjs' }),
      'x-wso2-production-endpoints': { 'x-portico-connector': { options: {} }, advanceEndpointConfig: { retryConfig: { count: 1, statusCodes: [503] } } },
    });
    expect(res.status).toBe(201);
    const answer = await gw.request('/flaky/x', { method: 'POST', body: 'payload' });
    expect([answer.status, answer.text]).toEqual([200, 'try 2: payload']);
  });

  it('refuses deploys whose module is missing, outside the directory, without its export or given unknown options, and keeps the API serving', async () => {
    expect((await deploy('guarded', functionApi({ module: 'named.mjs', export: 'handle' }))).status).toBe(201);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ module: 'missing.mjs' }, 'function.module-not-found', '#/x-portico-connector/options/module'],
      [{ module: '../escape.mjs' }, 'function.module-path-invalid', '#/x-portico-connector/options/module'],
      [{ module: 'named.mjs' }, 'function.export-missing', '#/x-portico-connector/options/module'],
      [{ module: 'named.mjs', export: 'nothing' }, 'function.export-missing', '#/x-portico-connector/options/export'],
      [{ module: 'named.mjs', export: 'handle', timeoutMs: 5 }, 'connector.options-invalid', '#/x-portico-connector/options/timeoutMs'],
    ];
    for (const [options, code, location] of refusals) {
      const res = await deploy('guarded', functionApi(options));
      const problems = res.json<{ problems: { code: string; location: string }[] }>().problems;
      expect([options, res.status, problems]).toEqual([options, 422, [expect.objectContaining({ code, location: expect.stringMatching(new RegExp(`${location.replaceAll('/', '\\/')}$`)) })]]);
      expect((await gw.request('/guarded/x')).text).toBe('named');
    }
  });
});
