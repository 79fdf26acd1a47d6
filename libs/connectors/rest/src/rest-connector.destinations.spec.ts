import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { type ClusterSpec, type ForwardOutcome, GatewayListeners, type UpstreamRequest } from '#core';
import { restFactoryWith } from './rest-connector-factory.spec-support.js';
import type { RestConnectorFactory } from './rest-connector.factory.js';

/** A real backend on 127.0.0.1 that counts what reaches it. */
async function startBackend(): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}


function specFor(url: string): ClusterSpec {
  const { hostname, port } = new URL(url);
  const endpointSet = {
    name: 'PRODUCTION',
    urls: [{ rawUrl: url, scheme: 'http' as const, host: hostname, port: Number(port), basePath: '' }],
    policy: 'LOAD_BALANCE' as const,
    location: 'definition#/x-wso2-production-endpoints',
  };
  // The rest connector reads only the endpoint set and the options.
  return { api: {} as ClusterSpec['api'], endpointSet, options: {} };
}

/** Forwards one GET through a fresh connector, bypassing the deploy-time check. */
async function forward(factory: RestConnectorFactory, url: string): Promise<{ outcome: ForwardOutcome; body: string }> {
  const connector = factory.create(specFor(url));
  const chunks: Buffer[] = [];
  const request: UpstreamRequest = {
    endpoint: 0,
    method: 'GET',
    path: '/x',
    headers: { host: new URL(url).host },
    body: null,
    cancellation: { requested: false, onCancel: () => undefined },
    timeoutMs: 5000,
    operation: undefined,
    principal: undefined,
  };
  const target = { accept: () => new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk), done()) }) };
  try {
    return { outcome: await connector.forward(request, target), body: Buffer.concat(chunks).toString() };
  } finally {
    await connector.dispose();
  }
}

describe('rest connector: upstream destinations', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    backend = await startBackend();
  });

  afterAll(() => new Promise((done) => backend.server.close(done)));

  it('connects to allowed destinations, by name and by address', async () => {
    const factory = restFactoryWith();
    expect(await forward(factory, `http://localhost:${backend.port}`)).toEqual({ outcome: { kind: 'response', statusCode: 200 }, body: 'ok' });
    expect(await forward(factory, `http://127.0.0.1:${backend.port}`)).toEqual({ outcome: { kind: 'response', statusCode: 200 }, body: 'ok' });
  });

  it('refuses at connect time a name that resolves to a denied address (DNS is checked, not the name)', async () => {
    const factory = restFactoryWith((s) => (s.upstream.destinations.deny = ['127.0.0.0/8', '::1']));
    const url = `http://localhost:${backend.port}`;
    expect(factory.validate(specFor(url))).toEqual([]);
    const before = backend.hits();
    const { outcome } = await forward(factory, url);
    expect(outcome).toMatchObject({ kind: 'failure', failure: 'denied', headSent: false });
    const cause = (outcome as { cause?: Error }).cause;
    expect(cause?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) is denied by upstream\.destinations\.deny (127\.0\.0\.0\/8|::1)$/);
    expect(backend.hits()).toBe(before);
  });

  it('refuses at connect time the port a gateway listener was bound to after the deploy', async () => {
    const listeners = new GatewayListeners();
    const factory = restFactoryWith(() => undefined, listeners);
    const url = `http://127.0.0.1:${backend.port}`;
    expect(factory.validate(specFor(url))).toEqual([]);
    // As if the data plane had been given this port after the boot deploy (dataPlane.httpPort: 0).
    listeners.record({ setting: 'dataPlane.httpPort', host: '0.0.0.0', port: backend.port });
    const before = backend.hits();
    const { outcome } = await forward(factory, url);
    expect(outcome).toMatchObject({ kind: 'failure', failure: 'denied' });
    expect((outcome as { cause?: Error }).cause?.message).toBe(
      `127.0.0.1 port ${backend.port} is the gateway's own listener dataPlane.httpPort (0.0.0.0:${backend.port}); an endpoint may not point back at the gateway`,
    );
    expect((await forward(factory, `http://localhost:${backend.port}`)).outcome).toMatchObject({ kind: 'failure', failure: 'denied' });
    expect(backend.hits()).toBe(before);
  });

  it('refuses at deploy time denied IP literals and hosts that are no address, naming the URL and the rule', () => {
    const factory = restFactoryWith();
    expect(factory.validate(specFor('http://169.254.169.254/latest/meta-data'))).toEqual([
      {
        code: 'endpoint.destination-denied',
        message: 'endpoint http://169.254.169.254/latest/meta-data is refused: 169.254.169.254 is denied by upstream.destinations.deny 169.254.0.0/16',
        location: 'definition#/x-wso2-production-endpoints',
      },
    ]);
    const spec = specFor('http://a.example:8080');
    const invalid = { ...spec, endpointSet: { ...spec.endpointSet, urls: [{ ...spec.endpointSet.urls[0], rawUrl: 'http://1.2.3.4.5', host: '1.2.3.4.5', port: 80 }] } };
    expect(factory.validate(invalid)).toEqual([expect.objectContaining({ code: 'endpoint.host-invalid', message: expect.stringContaining('"1.2.3.4.5"') })]);
  });
});
