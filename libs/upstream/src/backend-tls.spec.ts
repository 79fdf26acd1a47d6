import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressInfo } from 'node:net';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EndpointSet, EndpointUrl } from '#core';
import { GatewaySettings, NamedClientCertificateSettings } from '#settings';
// Test certificates are made with the gateway's own issuer; #gateway would load the whole gateway here.
// eslint-disable-next-line no-restricted-imports
import { issueCertificate, type IssuedCertificate } from '../../gateway/src/certificate-issuer.js';
import { BackendTls } from './backend-tls.js';

const url = (raw: string, extra: Partial<EndpointUrl> = {}): EndpointUrl => {
  const parsed = new URL(raw);
  const scheme = parsed.protocol.slice(0, -1) as EndpointUrl['scheme'];
  return { rawUrl: raw, scheme, host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port), basePath: '', ...extra };
};

describe('BackendTls', () => {
  let dir: string;
  let ca: IssuedCertificate;
  let server: IssuedCertificate;
  let client: IssuedCertificate;
  let caFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-backend-tls-unit-'));
    ca = await issueCertificate({ commonName: 'Unit CA', ca: true });
    server = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca });
    client = await issueCertificate({ commonName: 'named-client', issuer: ca });
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, ca.cert);
    writeFileSync(join(dir, 'client.pem'), client.cert);
    writeFileSync(join(dir, 'client.key'), client.key);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsWith = (tweak: (s: GatewaySettings) => void = () => undefined): BackendTls => {
    const settings = new GatewaySettings();
    settings.baseDir = dir;
    tweak(settings);
    return new BackendTls(settings);
  };

  it('gives plain endpoints no TLS options, the same object every time', () => {
    const tls = tlsWith();
    expect(tls.connectionOptions(url('http://a.example:80'), undefined)).toEqual({});
    expect(tls.connectionOptions(url('http://a.example:80'), undefined)).toBe(tls.connectionOptions(url('ws://b.example:81'), undefined));
  });

  it('computes each (trust, client certificate, host, hostname check) once', () => {
    const tls = tlsWith();
    const first = tls.connectionOptions(url('https://a.example:443'), undefined);
    expect(tls.connectionOptions(url('https://a.example:8443'), undefined)).toBe(first);
    expect(tls.connectionOptions(url('https://b.example:443'), undefined)).not.toBe(first);
    expect(tls.connectionOptions(url('https://a.example:443'), { verifyHostname: false })).not.toBe(first);
  });

  it('sends SNI for names only, and skips the hostname check when a set or the settings say so', () => {
    const tls = tlsWith();
    expect(tls.connectionOptions(url('https://api.example:443'), undefined)).toMatchObject({ servername: 'api.example', rejectUnauthorized: true });
    expect(tls.connectionOptions(url('https://10.0.0.1:443'), undefined)).not.toHaveProperty('servername');
    expect(tls.connectionOptions(url('https://[::1]:443'), undefined)).not.toHaveProperty('servername');
    expect(tls.connectionOptions(url('https://api.example:443'), undefined)).not.toHaveProperty('checkServerIdentity');
    expect(tls.connectionOptions(url('https://api.example:443'), { verifyHostname: false })).toHaveProperty('checkServerIdentity');
    expect(tlsWith((s) => (s.upstream.tls.verifyHostname = false)).connectionOptions(url('https://api.example:443'), { verifyHostname: true })).toHaveProperty('checkServerIdentity');
  });

  it('warns once at start when verification is disabled, and then accepts any certificate', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const tls = tlsWith((s) => (s.upstream.tls.disableVerification = true));
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^upstream\.tls\.disableVerification is true/)]);
      expect(tls.connectionOptions(url('https://a.example:443'), undefined)).toMatchObject({ rejectUnauthorized: false });
    } finally {
      warn.mockRestore();
    }
  });

  it('reports a named client certificate the settings do not configure, listing those they do', () => {
    const named = Object.assign(new NamedClientCertificateSettings(), { name: 'partner', certificateFile: 'client.pem', keyFile: 'client.key' });
    const tls = tlsWith((s) => (s.upstream.tls.clientCertificates = [named]));
    const set = (name: string): EndpointSet => ({
      name: 'PRODUCTION',
      urls: [url('https://a.example:443')],
      policy: 'LOAD_BALANCE',
      tls: { clientCertificate: { name } },
      location: 'swagger.yaml#/x-wso2-production-endpoints',
    });
    expect(tls.problems(set('partner'))).toEqual([]);
    expect(tls.problems(set('other'))).toEqual([
      {
        code: 'endpoint.client-certificate-unknown',
        message: 'endpoint set PRODUCTION: client certificate "other" is not in upstream.tls.clientCertificates (configured: partner)',
        location: 'swagger.yaml#/x-wso2-production-endpoints/x-portico-tls/clientCertificate',
      },
    ]);
  });

  describe('trust, over a real handshake', () => {
    let backend: Server;
    let port: number;

    beforeAll(async () => {
      backend = createServer({ cert: server.cert, key: server.key }, (socket) => socket.end());
      backend.listen(0, '127.0.0.1');
      await once(backend, 'listening');
      port = (backend.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => backend.close(() => resolve())));

    /** '' when the handshake succeeds, else the error code. */
    const handshake = (tls: BackendTls, endpoint: EndpointUrl): Promise<string> =>
      new Promise((resolve) => {
        const socket: TLSSocket = connect({ ...tls.connectionOptions(endpoint, undefined), host: '127.0.0.1', port }, () => {
          socket.destroy();
          resolve('');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });

    it('trusts the system CAs alone by default: a private CA is refused', async () => {
      expect(await handshake(tlsWith(), url(`https://127.0.0.1:${port}`))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it('adds trustedCertFile to the system CAs, or uses it alone without them', async () => {
      expect(await handshake(tlsWith((s) => (s.upstream.tls.trustedCertFile = caFile)), url(`https://127.0.0.1:${port}`))).toBe('');
      const alone = tlsWith((s) => Object.assign(s.upstream.tls, { trustedCertFile: caFile, trustSystemCas: false }));
      expect(await handshake(alone, url(`https://127.0.0.1:${port}`))).toBe('');
    });

    it('trusts nothing without system CAs and without a file, but what an API brings (which replaces the store)', async () => {
      const none = tlsWith((s) => (s.upstream.tls.trustSystemCas = false));
      expect(await handshake(none, url(`https://127.0.0.1:${port}`))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(await handshake(none, url(`https://127.0.0.1:${port}`, { trustedCertificates: [ca.cert] }))).toBe('');
      const other = await issueCertificate({ commonName: 'Other CA', ca: true });
      const trusting = tlsWith((s) => (s.upstream.tls.trustedCertFile = caFile));
      expect(await handshake(trusting, url(`https://127.0.0.1:${port}`, { trustedCertificates: [other.cert] }))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });
  });
});
