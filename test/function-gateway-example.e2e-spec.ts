import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_AUTH, call, freePorts, GatewayProcess, openApiDocument, writeTestConfig } from '#testing';

/**
 * The example application of issue 20 as a user runs it (`npm run example:function`): the built
 * apps/function-gateway composing the standard gateway with the `function` connector, deploying
 * the repository's config/function-apis with the handlers of config/functions. A test token from
 * POST /testkey (PRODUCTION) reaches config/functions/orders.mjs; no token gets the 401.
 */
describe('the example function gateway (apps/function-gateway)', () => {
  let dir: string;
  let gateway: GatewayProcess;
  let httpPort: number;
  let adminPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-function-example-'));
    [httpPort, adminPort] = await freePorts(2);
    const config = writeTestConfig(dir, {
      apisDir: resolve('config/function-apis'),
      dataPlane: { httpPort, httpsPort: 0 },
      admin: { port: adminPort },
      security: { testKey: { enabled: true } },
    });
    // A copy of the handlers, so that a test can edit one.
    cpSync(resolve('config/functions'), join(dir, 'functions'), { recursive: true });
    gateway = await GatewayProcess.start({ main: resolve('dist/apps/function-gateway/src/main.js'), httpPort, args: ['--config', config, '--functions', join(dir, 'functions')] });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the Orders API from its handler module, to callers with a token only', async () => {
    const token = (await call({ port: httpPort, path: '/testkey', method: 'POST', headers: { authorization: ADMIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).text;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call({ port: httpPort, path: '/orders/v1/orders' })).status).toBe(401);
    expect((await call({ port: httpPort, path: '/orders/v1/orders', headers: bearer })).json()).toEqual([]);
    const placed = await call({ port: httpPort, path: '/orders/v1/orders', method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"item":"widget","quantity":3}' });
    expect(placed.status).toBe(201);
    expect(placed.headers.location).toBe('/orders/v1/orders/1');
    expect(placed.json()).toEqual({ id: 1, item: 'widget', quantity: 3, placedBy: 'admin' });
    expect((await call({ port: httpPort, path: '/orders/v1/orders/1', headers: bearer })).json()).toMatchObject({ item: 'widget' });
    const refused = await call({ port: httpPort, path: '/orders/v1/orders', method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"item":"widget"}' });
    expect(refused.status).toBe(400);
  });

  it('lists the function connector type on the admin API', async () => {
    const res = await call({ port: adminPort, path: '/portico/v1/connectors/function', headers: { authorization: ADMIN_AUTH } });
    expect(res.json()).toMatchObject({ type: 'function', module: 'FunctionConnectorModule', capabilities: { endpoints: 'none' }, options: { required: ['module'] } });
  });

  it('serves the new code of an edited handler once its API is redeployed (Node imports the new version)', async () => {
    const deploy = () =>
      call({
        port: adminPort,
        path: '/portico/v1/apis?override=true',
        method: 'POST',
        headers: { authorization: ADMIN_AUTH, 'content-type': 'application/yaml' },
        body: openApiDocument({ title: 'edited', basePath: '/edited', extra: { 'x-portico-connector': { type: 'function', options: { module: 'edited.mjs' } } } }),
      });
    writeFileSync(join(dir, 'functions', 'edited.mjs'), `export default () => ({ body: 'first version' });`);
    expect((await deploy()).status).toBe(201);
    expect((await call({ port: httpPort, path: '/edited/x' })).text).toBe('first version');
    writeFileSync(join(dir, 'functions', 'edited.mjs'), `export default () => ({ body: 'the second version' });`);
    expect((await call({ port: httpPort, path: '/edited/x' })).text).toBe('first version');
    expect((await deploy()).status).toBe(200);
    expect((await call({ port: httpPort, path: '/edited/x' })).text).toBe('the second version');
  });

  it('runs with workers like npm start: the primary composes the function connector, and each worker serves its handlers', async () => {
    const [workersHttp, workersAdmin] = await freePorts(2);
    const workersDir = mkdtempSync(join(tmpdir(), 'portico-function-workers-'));
    const config = writeTestConfig(workersDir, { apisDir: resolve('config/function-apis'), workers: 2, dataPlane: { httpPort: workersHttp, httpsPort: 0 }, admin: { port: workersAdmin }, security: { testKey: { enabled: true } }, logging: { level: 'log' } });
    const primary = await GatewayProcess.start({ main: resolve('dist/apps/function-gateway/src/main.js'), httpPort: workersHttp, args: ['--config', config, '--functions', resolve('config/functions')] });
    try {
      const token = (await call({ port: workersHttp, path: '/testkey', method: 'POST', headers: { authorization: ADMIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).text;
      for (let i = 0; i < 10; i++) {
        expect((await call({ port: workersHttp, path: '/orders/v1/orders', headers: { authorization: `Bearer ${token}`, connection: 'close' } })).status).toBe(200);
      }
      // The primary says it is ready once every worker listens: the first one may answer before that.
      for (let i = 0; i < 100 && !primary.log.includes('ready (pid'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(primary.log).toMatch(/ready \(pid \d+\): http :\d+, https :\d+, admin :\d+; functions from /);
      expect(primary.log).toContain('2 workers listening');
    } finally {
      await primary.stop();
      rmSync(workersDir, { recursive: true, force: true });
    }
  });
});
