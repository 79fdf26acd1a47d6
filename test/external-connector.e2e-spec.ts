import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_AUTH, call, type CallResult, freePorts, GatewayProcess, openApiDocument, writeTestConfig } from '#testing';
import { type AdminErrorBody, PORTICO_BASE } from './support/admin-api.js';

/**
 * Issue 20: a connector package outside libs/ (test/fixtures/acme-echo-connector, plain
 * JavaScript importing only @portico/sdk and @nestjs/common) composed with the gateway's package
 * entry point ('portico', GatewayModule.forRootAsync) by an application of its own, run as a real
 * process on the built code. The package's SDK is the built @portico/sdk, another copy of the
 * contracts than the gateway's: the gateway finds it by its stamp and checks its contract version.
 */
const APP = resolve(process.cwd(), 'test/fixtures/acme-echo-gateway.mjs');

describe('a connector package from outside the repository (issue 20)', () => {
  let dir: string;
  let gateway: GatewayProcess;
  let httpPort: number;
  let adminPort: number;

  const admin = (path: string, options: { method?: string; body?: string } = {}): Promise<CallResult> =>
    call({ port: adminPort, path: `${PORTICO_BASE}${path}`, headers: { authorization: ADMIN_AUTH, 'content-type': 'application/yaml' }, ...options });
  const deploy = (title: string, extra: Record<string, unknown>) => admin('/apis?override=true', { method: 'POST', body: openApiDocument({ title, basePath: `/${title}`, extra }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-external-'));
    [httpPort, adminPort] = await freePorts(2);
    const config = writeTestConfig(dir, { dataPlane: { httpPort, httpsPort: 0 }, admin: { port: adminPort } });
    gateway = await GatewayProcess.start({ main: APP, httpPort, args: ['--config', config] });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists its connector type with the module, contract version, capabilities and option schema', async () => {
    const res = await admin('/connectors/acme.echo');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      type: 'acme.echo',
      description: 'Echoes the request (a test fixture of an outside connector package)',
      module: 'AcmeEchoModule',
      factory: 'AcmeEchoConnectorFactory',
      contractVersion: '1.0',
      capabilities: { upgrade: false, probe: false, endpoints: 'none', schemes: [] },
      options: { type: 'object', properties: { greeting: { type: 'string', minLength: 1, default: 'hello' } }, additionalProperties: false },
    });
    const types = (await admin('/connectors')).json<{ list: { type: string }[] }>().list.map((c) => c.type);
    expect(types).toEqual(['acme.echo', 'mock', 'rest', 'soap', 'websocket']);
    expect((await admin('/connectors/acme.nothing')).json()).toMatchObject({ code: 'admin.connector-not-found' });
  });

  it('serves traffic through it, with its option defaults filled in, and without endpoint URLs', async () => {
    expect((await deploy('echo', { 'x-portico-connector': 'acme.echo' })).status).toBe(201);
    const res = await call({ port: httpPort, path: '/echo/items?x=1', method: 'POST', body: 'ping' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ connector: 'acme.echo', greeting: 'hello', set: 'PRODUCTION', method: 'POST', path: '/items?x=1', body: 'ping', keyType: null });
  });

  it('refuses invalid options with their paths, and keeps what was deployed', async () => {
    const res = await deploy('echo', { 'x-portico-connector': { type: 'acme.echo', options: { greeting: '', volume: 11 } } });
    expect(res.status).toBe(422);
    expect(res.json<AdminErrorBody>().problems?.map((p) => [p.code, p.message, p.location])).toEqual([
      ['connector.options-invalid', 'acme.echo connector: greeting must be at least 1 characters long', 'definition#/x-portico-connector/options/greeting'],
      ['connector.options-invalid', 'acme.echo connector: volume is not an option of this connector; its options: greeting', 'definition#/x-portico-connector/options/volume'],
    ]);
    expect((await call({ port: httpPort, path: '/echo/still' })).json()).toMatchObject({ greeting: 'hello', path: '/still' });
  });

  it('refuses a definition naming an unregistered type, listing the registered ones', async () => {
    const res = await deploy('queue', { 'x-portico-connector': 'acme.queue' });
    expect(res.status).toBe(422);
    expect(res.json<AdminErrorBody>().problems?.map((p) => [p.code, p.message])).toEqual([
      ['connector.unknown', "connector type 'acme.queue' is not registered; registered types: acme.echo, mock, rest, soap, websocket"],
    ]);
  });

  it('fails closed on a secured resource without a token (the connector is never called)', async () => {
    const body = openApiDocument({ title: 'secured', basePath: '/secured', open: false, extra: { 'x-portico-connector': 'acme.echo' } });
    expect((await admin('/apis', { method: 'POST', body })).status).toBe(201);
    const res = await call({ port: httpPort, path: '/secured/items' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: '900901' });
  });
});

describe('connector modules that do not fit refuse the start (issue 20)', () => {
  let dir: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-misfit-'));
    const [httpPort, adminPort] = await freePorts(2);
    config = writeTestConfig(dir, { dataPlane: { httpPort, httpsPort: 0 }, admin: { port: adminPort } });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one built for another contract version: exit 78, naming the module and both versions', async () => {
    const gateway = GatewayProcess.run({ main: APP, args: ['--config', config, 'future'] });
    expect(await gateway.exited).toBe('exit 78');
    expect(gateway.log).toContain(
      "connector 'acme.future' (FutureConnectorFactory in AcmeFutureModule) cannot be registered: it was built for connector contract 2.0, this gateway implements 1.0 (a different major version)",
    );
  });

  it('one registering a type already registered: exit 78, naming both', async () => {
    const gateway = GatewayProcess.run({ main: APP, args: ['--config', config, 'second-rest'] });
    expect(await gateway.exited).toBe('exit 78');
    expect(gateway.log).toContain(
      "connector 'rest' (SecondRestConnectorFactory in AcmeSecondRestModule) cannot be registered: type 'rest' is already registered by RestConnectorFactory in RestConnectorModule; register each type once",
    );
  });
});
