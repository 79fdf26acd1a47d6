import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClusterSpec } from '#core';
// Test certificates are made with the gateway's own issuer; #gateway would load the whole gateway here.
// eslint-disable-next-line no-restricted-imports
import { issueCertificate, type IssuedCertificate } from '../../../gateway/src/certificate-issuer.js';
import { startUpgradeDriver } from './upgrade-driver.spec-support.js';
import { closedPort, openClient } from './websocket-backend.spec-support.js';
import { specFor, wsFactoryWith } from './websocket-connector-factory.spec-support.js';

describe('websocket connector factory', () => {
  it('accepts ws and wss endpoints and no options', () => {
    expect(wsFactoryWith().validate(specFor(['ws://a.example:8080/chat', 'wss://b.example/chat']))).toEqual([]);
  });

  it('refuses other schemes, any option and denied destinations, naming where', () => {
    const problems = wsFactoryWith().validate(specFor(['http://a.example:8080', 'ws://169.254.169.254/'], { pingIntervalMs: 1000 }));
    expect(problems).toEqual([
      { code: 'connector.options-invalid', message: "the websocket connector takes no option 'pingIntervalMs'", location: '#/x-portico-connector/options/pingIntervalMs' },
      {
        code: 'endpoint.scheme-unsupported',
        message: 'the websocket connector calls ws and wss endpoints, not http: http://a.example:8080',
        location: 'definition#/x-wso2-production-endpoints/urls/0',
      },
      expect.objectContaining({ code: 'endpoint.destination-denied', message: expect.stringContaining('169.254.169.254') }),
    ]);
  });

  it('probes an endpoint nothing listens on as unhealthy, naming why', async () => {
    const connector = wsFactoryWith().create(specFor([`ws://127.0.0.1:${await closedPort()}/chat`]));
    try {
      expect(await connector.probe(0, undefined, new AbortController().signal)).toEqual({ healthy: false, detail: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await connector.dispose();
    }
  });

  describe('wss endpoints', () => {
    let ca: IssuedCertificate;
    let port: number;
    let wss: WebSocketServer;
    const specTrusting = (certificates: string[] | undefined): ClusterSpec => {
      const spec = specFor([`wss://127.0.0.1:${port}/secure`]);
      const urls = spec.endpointSet.urls.map((url) => ({ ...url, ...(certificates ? { trustedCertificates: certificates } : {}) }));
      return { ...spec, endpointSet: { ...spec.endpointSet, urls } };
    };

    beforeAll(async () => {
      ca = await issueCertificate({ commonName: 'Unit CA', ca: true });
      const leaf = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca });
      const https = createServer({ cert: leaf.cert, key: leaf.key });
      wss = new WebSocketServer({ server: https });
      wss.on('connection', (ws, request) => ws.send(`tls ${request.url}`));
      https.listen(0, '127.0.0.1');
      await once(https, 'listening');
      port = (https.address() as AddressInfo).port;
    });

    afterAll(async () => {
      wss.clients.forEach((ws) => ws.terminate());
      wss.close();
      const https = wss.options.server as Server;
      https.closeAllConnections();
      await new Promise((done) => https.close(done));
    });

    it('dials a wss endpoint with the certificates the API trusts', async () => {
      const connector = wsFactoryWith((s) => (s.upstream.tls.trustSystemCas = false)).create(specTrusting([ca.cert]));
      const driver = await startUpgradeDriver(connector);
      try {
        const client = new WebSocket(`ws://127.0.0.1:${driver.port}/secure`);
        // The greeting may arrive with the handshake: listen before it completes.
        const [greeting] = await once(client, 'message');
        expect(String(greeting)).toBe('tls /secure');
        client.terminate();
      } finally {
        await driver.close();
        await connector.dispose();
      }
    });

    it('probes a wss endpoint: a TLS connect with the API\'s trust, or a GET of a path on its https twin', async () => {
      const https = wss.options.server as Server;
      https.on('request', (req, res) => res.writeHead(req.url === '/healthz' ? 200 : 503).end());
      const trusted = wsFactoryWith((s) => (s.upstream.tls.trustSystemCas = false)).create(specTrusting([ca.cert]));
      const untrusted = wsFactoryWith((s) => (s.upstream.tls.trustSystemCas = false)).create(specTrusting(undefined));
      const signal = new AbortController().signal;
      try {
        expect(await trusted.probe(0, undefined, signal)).toEqual({ healthy: true });
        expect(await trusted.probe(0, '/healthz', signal)).toEqual({ healthy: true });
        expect(await trusted.probe(0, '/other', signal)).toEqual({ healthy: false, detail: 'HTTP 503' });
        expect((await untrusted.probe(0, undefined, signal)).healthy).toBe(false);
      } finally {
        await trusted.dispose();
        await untrusted.dispose();
      }
    });

    it('reports a wss endpoint whose certificate is not trusted as a connect failure', async () => {
      const connector = wsFactoryWith((s) => (s.upstream.tls.trustSystemCas = false)).create(specTrusting(undefined));
      const driver = await startUpgradeDriver(connector);
      try {
        const client = openClient(`ws://127.0.0.1:${driver.port}/secure`);
        await expect(client).rejects.toThrow(/502/);
        expect(driver.outcomes).toEqual([expect.objectContaining({ kind: 'failure', failure: 'connect' })]);
      } finally {
        await driver.close();
        await connector.dispose();
      }
    });
  });
});
