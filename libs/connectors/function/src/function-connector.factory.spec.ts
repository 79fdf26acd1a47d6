import { relative } from 'node:path';
import { CONNECTOR_METADATA, type ConnectorStamp } from '#core';
import { FunctionConnectorFactory } from './function-connector.factory.js';
import { clusterSpec, endpointSet, functionApi, handlerDirectory, type HandlerDirectory, RecordingTarget, upstreamRequest } from './function-test-kit.spec-support.js';

const API_OPTIONS = 'swagger.yaml#/x-portico-connector/options';

describe('the function connector factory', () => {
  let handlers: HandlerDirectory;
  let factory: FunctionConnectorFactory;

  beforeEach(() => {
    handlers = handlerDirectory();
    factory = new FunctionConnectorFactory({ directory: handlers.dir });
  });

  afterEach(() => handlers.remove());

  it('declares its type, options and capabilities to the gateway', () => {
    const stamp = Reflect.getMetadata(CONNECTOR_METADATA, FunctionConnectorFactory) as ConnectorStamp;
    expect(stamp).toMatchObject({ type: 'function', capabilities: { endpoints: 'none' }, options: { required: ['module'] } });
    expect(stamp.options?.properties).toMatchObject({ export: { default: 'default' }, maxBodyBytes: { default: 1048576 } });
    expect(Object.keys(stamp.options?.properties ?? {})).toEqual(['module', 'export', 'maxBodyBytes']);
  });

  it('prepares the modules an API names and creates a connector that runs them', async () => {
    handlers.write('orders.mjs', 'export default (req) => ({ body: { path: req.path } });');
    const api = functionApi({ module: 'orders.mjs' });
    expect(await factory.prepare(api)).toEqual([]);
    const spec = clusterSpec(api);
    expect(factory.validate(spec)).toEqual([]);
    const target = new RecordingTarget();
    await factory.create(spec).forward(upstreamRequest({ path: '/orders/1?x=1' }), target);
    expect(target.json()).toEqual({ path: '/orders/1' });
  });

  it('resolves a relative directory against the working directory', async () => {
    handlers.write('orders.mjs', 'export default () => ({});');
    const fromCwd = new FunctionConnectorFactory({ directory: relative(process.cwd(), handlers.dir) });
    expect(await fromCwd.prepare(functionApi({ module: 'orders.mjs' }))).toEqual([]);
  });

  it('refuses a module that is missing, outside the directory, broken, or lacks its export; each problem once, at the option', async () => {
    handlers.write('broken.mjs', 'export default (');
    handlers.write('throws.mjs', 'throw new Error("no database configured"); export default () => ({});');
    handlers.write('named.mjs', 'export const handle = () => ({}); export const notAFunction = 42;');
    const problems = async (options: Record<string, unknown>) => factory.prepare(functionApi(options));
    expect(await problems({ module: 'missing.mjs' })).toEqual([
      { code: 'function.module-not-found', message: 'function module missing.mjs was not found in the function directory', location: `${API_OPTIONS}/module` },
    ]);
    expect(await problems({ module: '../escape.mjs' })).toEqual([
      { code: 'function.module-path-invalid', message: expect.stringContaining('without ..'), location: `${API_OPTIONS}/module` },
    ]);
    expect(await problems({ module: 'broken.mjs' })).toEqual([
      { code: 'function.module-invalid', message: expect.stringMatching(/^function module broken.mjs could not be loaded: .*Unexpected end of input/), location: `${API_OPTIONS}/module` },
    ]);
    expect(await problems({ module: 'throws.mjs' })).toEqual([
      { code: 'function.module-invalid', message: 'function module throws.mjs could not be loaded: no database configured', location: `${API_OPTIONS}/module` },
    ]);
    expect(await problems({ module: 'named.mjs' })).toEqual([
      { code: 'function.export-missing', message: 'function module named.mjs has no function exported as default', location: `${API_OPTIONS}/module` },
    ]);
    expect(await problems({ module: 'named.mjs', export: 'notAFunction' })).toEqual([
      { code: 'function.export-missing', message: 'function module named.mjs has no function exported as notAFunction', location: `${API_OPTIONS}/export` },
    ]);
    expect(await problems({ module: 'named.mjs', export: 'handle' })).toEqual([]);
  });

  it('leaves malformed options to the gateway\'s option check', async () => {
    expect(await factory.prepare(functionApi({}))).toEqual([]);
    expect(await factory.prepare(functionApi({ module: 42 }))).toEqual([]);
  });

  it('prepares each set with its own options over the API\'s, and points at the extension that named the module', async () => {
    handlers.write('orders.mjs', 'export default () => ({ body: "production" });');
    const sandbox = endpointSet('SANDBOX', { options: { module: 'orders-sandbox.mjs' }, location: 'swagger.yaml#/x-wso2-sandbox-endpoints/x-portico-connector' });
    const api = functionApi({ module: 'orders.mjs' }, { PRODUCTION: endpointSet('PRODUCTION'), SANDBOX: sandbox });
    expect(await factory.prepare(api)).toEqual([
      { code: 'function.module-not-found', message: expect.any(String), location: 'swagger.yaml#/x-wso2-sandbox-endpoints/x-portico-connector/options/module' },
    ]);
    handlers.write('orders-sandbox.mjs', 'export default () => ({ body: "sandbox" });');
    expect(await factory.prepare(api)).toEqual([]);
    for (const [set, body] of [[endpointSet('PRODUCTION'), 'production'], [sandbox, 'sandbox']] as const) {
      const target = new RecordingTarget();
      await factory.create(clusterSpec(api, set)).forward(upstreamRequest(), target);
      expect(target.body).toBe(body);
    }
  });

  it('prepares a set that chooses the function type under an API of another type, with its own options only', async () => {
    const own = endpointSet('PRODUCTION', { type: 'function', options: { module: 'missing.mjs' }, location: 'swagger.yaml#/x-wso2-production-endpoints/x-portico-connector' });
    const api = functionApi({ module: 'ignored.mjs' }, { PRODUCTION: own, SANDBOX: endpointSet('SANDBOX') }, 'rest');
    expect(await factory.prepare(api)).toEqual([
      expect.objectContaining({ code: 'function.module-not-found', location: 'swagger.yaml#/x-wso2-production-endpoints/x-portico-connector/options/module' }),
    ]);
  });

  it('keeps the fingerprint (and the live cluster) while the file is unchanged, and reloads the module once it changed', async () => {
    handlers.write('orders.mjs', 'export default () => ({ body: "v1" });');
    const first = functionApi({ module: 'orders.mjs' });
    await factory.prepare(first);
    const again = functionApi({ module: 'orders.mjs' });
    await factory.prepare(again);
    expect(factory.fingerprint(clusterSpec(again))).toBe(factory.fingerprint(clusterSpec(first)));

    handlers.write('orders.mjs', 'export default () => ({ body: "version 2" });');
    const edited = functionApi({ module: 'orders.mjs' });
    expect(await factory.prepare(edited)).toEqual([]);
    expect(factory.fingerprint(clusterSpec(edited))).not.toBe(factory.fingerprint(clusterSpec(first)));
    // That the new code then answers is checked on a real process (test/function-gateway-example.e2e-spec.ts):
    // Jest's module loader caches a file's contents by path, whatever the query, where Node imports the new version.
  });

  it('gives other options a fingerprint of their own', async () => {
    handlers.write('orders.mjs', 'export default () => ({}); export const other = () => ({});');
    const api = functionApi({ module: 'orders.mjs' });
    await factory.prepare(api);
    const other = functionApi({ module: 'orders.mjs', export: 'other' });
    await factory.prepare(other);
    expect(factory.fingerprint(clusterSpec(other))).not.toBe(factory.fingerprint(clusterSpec(api)));
  });

  it('refuses to validate or create a cluster for an API it did not prepare', () => {
    const spec = clusterSpec(functionApi({ module: 'orders.mjs' }));
    expect(factory.validate(spec)).toEqual([expect.objectContaining({ code: 'function.module-not-found' })]);
    expect(() => factory.create(spec)).toThrow(/was not prepared/);
  });

  it('disposes idempotently', async () => {
    handlers.write('orders.mjs', 'export default () => ({});');
    const api = functionApi({ module: 'orders.mjs' });
    await factory.prepare(api);
    const connector = factory.create(clusterSpec(api));
    await connector.dispose();
    await expect(connector.dispose()).resolves.toBeUndefined();
  });
});
