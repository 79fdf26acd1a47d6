import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterSpec, Connector } from '#core';
import { restFactoryWith } from './rest-connector-factory.spec-support.js';
import type { RestConnectorFactory } from './rest-connector.factory.js';

/** A real backend on 127.0.0.1 answering each path with the status it names (`/status/503`), else 200. */
async function startBackend(): Promise<{ server: Server; port: number; paths: string[]; hosts: string[] }> {
  const paths: string[] = [];
  const hosts: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    hosts.push(req.headers.host ?? '');
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '');
    res.statusCode = status ? Number(status[1]) : 200;
    res.end('a body the probe drops');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, paths, hosts };
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}


function specFor(...urls: string[]): ClusterSpec {
  const endpointSet = {
    name: 'PRODUCTION',
    urls: urls.map((url) => {
      const { hostname, port } = new URL(url);
      return { rawUrl: url, scheme: 'http' as const, host: hostname, port: Number(port), basePath: '' };
    }),
    policy: 'LOAD_BALANCE' as const,
    location: 'definition#/x-wso2-production-endpoints',
  };
  // The rest connector reads only the endpoint set and the options.
  return { api: {} as ClusterSpec['api'], endpointSet, options: {} };
}

describe('rest connector: health probes', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  const connectors: Connector[] = [];
  const connectorFor = (factory: RestConnectorFactory, ...urls: string[]): Connector & Required<Pick<Connector, 'probe'>> => {
    const connector = factory.create(specFor(...urls));
    connectors.push(connector);
    if (connector.probe === undefined) throw new Error('the rest connector must probe');
    return connector as Connector & Required<Pick<Connector, 'probe'>>;
  };
  const signal = () => AbortSignal.timeout(5000);

  beforeAll(async () => {
    backend = await startBackend();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
  });

  afterAll(() => new Promise((done) => backend.server.close(done)));

  it('TCP: a live port is healthy, without any request', async () => {
    const connector = connectorFor(restFactoryWith(), `http://127.0.0.1:${backend.port}`, `http://localhost:${backend.port}`);
    const before = backend.paths.length;
    expect(await connector.probe(0, undefined, signal())).toEqual({ healthy: true });
    expect(await connector.probe(1, undefined, signal())).toEqual({ healthy: true });
    expect(backend.paths.length).toBe(before);
  });

  it('TCP: a closed port is unhealthy, with the error code', async () => {
    const port = await closedPort();
    const connector = connectorFor(restFactoryWith(), `http://127.0.0.1:${port}`);
    const result = await connector.probe(0, undefined, signal());
    expect(result.healthy).toBe(false);
    expect(result.detail).toMatch(/^connect ECONNREFUSED 127.0.0.1:\d+$/);
  });

  it('HTTP: 2xx is healthy, 5xx is unhealthy; the probe sends the endpoint Host', async () => {
    const connector = connectorFor(restFactoryWith(), `http://localhost:${backend.port}`);
    expect(await connector.probe(0, '/status/200', signal())).toEqual({ healthy: true });
    expect(await connector.probe(0, '/status/302', signal())).toEqual({ healthy: true });
    expect(await connector.probe(0, '/status/503', signal())).toEqual({ healthy: false, detail: 'HTTP 503' });
    expect(await connector.probe(0, '/status/404', signal())).toEqual({ healthy: false, detail: 'HTTP 404' });
    expect(backend.paths.slice(-4)).toEqual(['/status/200', '/status/302', '/status/503', '/status/404']);
    expect(new Set(backend.hosts.slice(-4))).toEqual(new Set([`localhost:${backend.port}`]));
  });

  it('HTTP: a closed port is unhealthy, with the error code', async () => {
    const port = await closedPort();
    const connector = connectorFor(restFactoryWith(), `http://127.0.0.1:${port}`);
    const result = await connector.probe(0, '/health', signal());
    expect(result.healthy).toBe(false);
    expect(result.detail).toMatch(/^connect ECONNREFUSED 127.0.0.1:\d+$/);
  });

  it('a destination upstream.destinations denies is unhealthy, by TCP and by HTTP, and is never dialled', async () => {
    const connector = connectorFor(
      restFactoryWith((s) => (s.upstream.destinations.deny = ['127.0.0.0/8', '::1'])),
      `http://localhost:${backend.port}`,
    );
    const before = backend.paths.length;
    for (const path of [undefined, '/status/200']) {
      const result = await connector.probe(0, path, signal());
      expect(result.healthy).toBe(false);
      expect(result.detail).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) is denied by upstream\.destinations\.deny (127\.0\.0\.0\/8|::1)$/);
    }
    expect(backend.paths.length).toBe(before);
  });

  it('an aborted probe answers unhealthy and does not throw', async () => {
    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const connector = connectorFor(restFactoryWith(), `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
      const result = await connector.probe(0, '/health', AbortSignal.timeout(50));
      expect(result.healthy).toBe(false);
      const aborted = new AbortController();
      aborted.abort();
      expect(await connector.probe(0, undefined, aborted.signal)).toEqual({ healthy: false, detail: 'aborted' });
    } finally {
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
  });
});
