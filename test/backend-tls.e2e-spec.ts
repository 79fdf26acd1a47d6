import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
import { type IssuedCertificate, issueCertificate } from '#gateway';
import { loadSettings } from '#settings';
import {
  apictlProject,
  type CallResult,
  ccFixture,
  describeWithCcFixtures,
  openApiDocument,
  retarget,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  withRootKeys,
  writeTestConfig,
  zipProject,
} from '#testing';
import { BackendTls } from '#upstream';
import type { AdminErrorBody } from './support/admin-api.js';

/**
 * TLS to backends (issue 17 items 3-5, spec §14): per-API trust, mutual TLS with the gateway-wide
 * client certificate or one per endpoint set (`x-portico-tls`), TLS failures as 503 102503, and
 * bad certificate files refused at deploy or at start. Certificates are made in the test.
 */

interface Certificates {
  readonly backendCa: IssuedCertificate;
  readonly clientCa: IssuedCertificate;
  readonly backend: IssuedCertificate;
  readonly gatewayClient: IssuedCertificate;
  readonly partnerClient: IssuedCertificate;
  readonly projectClient: IssuedCertificate;
}

async function makeCertificates(): Promise<Certificates> {
  const backendCa = await issueCertificate({ commonName: 'Backend CA', ca: true });
  const clientCa = await issueCertificate({ commonName: 'Gateway Client CA', ca: true });
  const leaf = (commonName: string, issuer: IssuedCertificate, altNames?: string[]) => issueCertificate({ commonName, issuer, altNames });
  return {
    backendCa,
    clientCa,
    backend: await leaf('127.0.0.1', backendCa, ['127.0.0.1', 'localhost']),
    gatewayClient: await leaf('portico-gateway', clientCa),
    partnerClient: await leaf('partner-a', clientCa),
    projectClient: await leaf('project-client', clientCa),
  };
}

/** Writes PEM files into `dir`; returns their paths by name. */
function writePems(dir: string, files: Record<string, string>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, pem] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], pem);
  }
  return paths;
}

const deployZip = (gw: TestGateway, zip: Buffer) =>
  gw.admin('/portico/v1/apis?override=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });

/** Deploys and expects 201 (a refusal shows its problems). */
async function deployed(gw: TestGateway, zip: Buffer): Promise<CallResult> {
  const res = await deployZip(gw, zip);
  expect(res.status === 201 ? 201 : res.text).toBe(201);
  return res;
}

/** A project of one API whose production set is `endpoint` (an endpoint object), with extra files. */
const projectZip = (name: string, endpoint: Record<string, unknown>, files: Record<string, string> = {}, paths?: Record<string, Record<string, unknown>>) => {
  const definition = withRootKeys(openApiDocument({ title: name, basePath: `/${name.toLowerCase()}` }), {
    'x-wso2-production-endpoints': endpoint,
    ...(paths && { paths }),
  });
  const productionUrl = (endpoint.urls as string[])[0];
  return zipProject(name, apictlProject({ definition, name, version: '1.0.0', context: `/${name.toLowerCase()}`, productionUrl, files }));
};

/**
 * Start-time checks of `upstream.tls`: settings loaded from a real file, checked by BackendTls as
 * the start does. One case goes through a whole start; more would each leave a parse thread
 * still booting behind (a start that fails in Nest's constructors closes nothing).
 */
describe('bad upstream.tls files: the start fails with one message naming the setting and the file', () => {
  let dir: string;
  let files: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-backend-tls-start-'));
    const ca = await issueCertificate({ commonName: 'CA', ca: true });
    const one = await issueCertificate({ commonName: 'one', issuer: ca });
    const two = await issueCertificate({ commonName: 'two', issuer: ca });
    files = writePems(dir, { 'one.pem': one.cert, 'one.key': one.key, 'two.key': two.key, 'garbage.pem': 'not a certificate\n' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The StartupError message BackendTls ends the start with, or 'accepted'. */
  const startCheck = (tls: Record<string, unknown>): string => {
    const gwDir = mkdtempSync(join(dir, 'gw-'));
    const settings = loadSettings({ argv: ['--config', writeTestConfig(gwDir, { upstream: { tls } })], env: {}, cwd: gwDir });
    try {
      new BackendTls(settings);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(StartupError);
      expect((error as StartupError).exitCode).toBe(EXIT_CODES.config);
      return (error as Error).message;
    }
  };

  it('stops a whole start (startGateway rejects with the message)', async () => {
    const gwDir = mkdtempSync(join(dir, 'gw-'));
    const started = startTestGateway({ dir: gwDir, settings: { upstream: { tls: { trustedCertFile: join(dir, 'absent.pem') } } } });
    await expect(started).rejects.toThrow(/^upstream\.tls\.trustedCertFile: cannot read .*absent\.pem \(ENOENT\)$/);
  });

  it('accepts good files', () => {
    const pair = { clientCertificateFile: files['one.pem'], clientKeyFile: files['one.key'] };
    expect(startCheck({ ...pair, trustedCertFile: files['one.pem'], clientCertificates: [{ name: 'a', certificateFile: files['one.pem'], keyFile: files['one.key'] }] })).toBe('accepted');
  });

  it.each([
    ['an unreadable trustedCertFile', () => ({ trustedCertFile: join(dir, 'absent.pem') }), /^upstream\.tls\.trustedCertFile: cannot read .*absent\.pem \(ENOENT\)$/],
    ['a trustedCertFile that is not PEM', () => ({ trustedCertFile: files['garbage.pem'] }), /^upstream\.tls\.trustedCertFile: .*garbage\.pem holds no PEM certificate$/],
    ['a client certificate without its key', () => ({ clientCertificateFile: files['one.pem'] }), /^upstream\.tls\.clientCertificateFile is set without upstream\.tls\.clientKeyFile/],
    ['a client key without its certificate', () => ({ clientKeyFile: files['one.key'] }), /^upstream\.tls\.clientKeyFile is set without upstream\.tls\.clientCertificateFile/],
    ['a client key that is not PEM', () => ({ clientCertificateFile: files['one.pem'], clientKeyFile: files['garbage.pem'] }), /^upstream\.tls\.clientKeyFile: .*garbage\.pem is not a PEM private key/],
    [
      'a client key that is not the certificate’s',
      () => ({ clientCertificateFile: files['one.pem'], clientKeyFile: files['two.key'] }),
      /^upstream\.tls\.clientKeyFile: the key in .*two\.key does not belong to the certificate in .*one\.pem/,
    ],
    [
      'a named client certificate whose key is not its own',
      () => ({ clientCertificates: [{ name: 'a', certificateFile: files['one.pem'], keyFile: files['two.key'] }] }),
      /^upstream\.tls\.clientCertificates\.0\.keyFile: the key in .*two\.key does not belong/,
    ],
    [
      'a name listed twice',
      () => ({ clientCertificates: [0, 1].map(() => ({ name: 'a', certificateFile: files['one.pem'], keyFile: files['one.key'] })) }),
      /^upstream\.tls\.clientCertificates\.1\.name: "a" is listed more than once/,
    ],
    ['minVersion above maxVersion', () => ({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2' }), /^upstream\.tls\.minVersion: TLSv1\.3 is newer than upstream\.tls\.maxVersion TLSv1\.2$/],
    ['ciphers OpenSSL does not know', () => ({ ciphers: 'NO-SUCH-CIPHER' }), /^upstream\.tls\.ciphers: the backend TLS settings are not usable/],
  ])('%s', (_case, tls, message) => {
    expect(startCheck(tls())).toMatch(message);
  });
});

describe('backend TLS', () => {
  let dir: string;
  let certs: Certificates;
  let plain: TestBackend;
  let secure: TestBackend;
  let selfSigned: TestBackend;
  let otherName: TestBackend;
  let mtls: TestBackend;
  let gw: TestGateway;
  let pem: Record<string, string>;
  const trustCa = () => ({ 'Endpoint-certificates/backend-ca.pem': certs.backendCa.cert });
  const cnOf = async (path: string) => (await gw.request(path)).json<{ cn: string }>().cn;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-backend-tls-'));
    certs = await makeCertificates();
    const untrusted = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] });
    const misnamed = await issueCertificate({ commonName: 'other.example', altNames: ['other.example'], issuer: certs.backendCa });
    plain = await startBackend((req, res) => res.end(`plain ${req.url}`));
    secure = await startBackend((req, res) => res.end(`secure ${req.url}`), { tls: certs.backend });
    selfSigned = await startBackend((_req, res) => res.end('self-signed'), { tls: untrusted });
    otherName = await startBackend((req, res) => res.end(`other name ${req.url}`), { tls: misnamed });
    // Requires a client certificate issued by the client CA (the handshake fails without one); answers with its CN.
    mtls = await startBackend(
      (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ cn: (req.socket as TLSSocket).getPeerCertificate().subject?.CN, url: req.url }));
      },
      { tls: { cert: certs.backend.cert, key: certs.backend.key, ca: certs.clientCa.cert, requestCert: true, rejectUnauthorized: true } },
    );
    pem = writePems(dir, {
      'client.pem': certs.gatewayClient.cert,
      'client.key': certs.gatewayClient.key,
      'partner-a.pem': certs.partnerClient.cert,
      'partner-a.key': certs.partnerClient.key,
    });
    gw = await startTestGateway({
      settings: {
        upstream: {
          tls: {
            clientCertificateFile: pem['client.pem'],
            clientKeyFile: pem['client.key'],
            clientCertificates: [{ name: 'partner-a', certificateFile: pem['partner-a.pem'], keyFile: pem['partner-a.key'] }],
          },
        },
      },
    });
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all([plain, secure, selfSigned, otherName, mtls].map((b) => b?.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describeWithCcFixtures('MtlsFromRouterToBackendTestcase (mtls_from_router_to_backend_openAPI.yaml)', () => {
    it('reaches a plain backend, an HTTPS backend of the project CA and one requiring a client certificate: all 200', async () => {
      const retargeted = retarget(ccFixture('integration/openAPIs/mtls_from_router_to_backend_openAPI.yaml'), {
        'mockBackend:2383': plain.url,
        'mockBackend:2382': secure.url,
        'mockBackend:2381': mtls.url,
      });
      // Both secured resources are opened: this test is about the backend side.
      const definition = withRootKeys(retargeted, { 'x-wso2-disable-security': true, host: `127.0.0.1:${plain.port}` });
      const name = 'SwaggerPetstoreBackendTLS';
      const zip = await zipProject(name, apictlProject({ definition, name, version: '1.0.5', context: '/v2/standard', productionUrl: plain.url, files: trustCa() }));
      await deployed(gw, zip);

      const byStatus = await gw.request('/v2/standard/pet/findByStatus?status=available');
      expect([byStatus.status, byStatus.text]).toEqual([200, 'plain /v2/pet/findByStatus?status=available']);
      const byTags = await gw.request('/v2/standard/pet/findByTags?tags=a');
      expect([byTags.status, byTags.text]).toEqual([200, 'secure /v2/pet/findByTags?tags=a']);
      const byId = await gw.request('/v2/standard/pet/7');
      expect([byId.status, byId.json()]).toEqual([200, { cn: 'portico-gateway', url: '/v2/pet/7' }]);
    });
  });

  /** The warn lines the gateway logged while `action` ran. */
  async function warningsDuring(action: () => Promise<unknown>): Promise<string[]> {
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await action();
      return spy.mock.calls.map((args) => String(args[0]));
    } finally {
      spy.mockRestore();
    }
  }

  it('refuses a certificate nobody trusts: 503 102503 and one log line naming the endpoint and the reason', async () => {
    await deployed(gw, await projectZip('Untrusted', { urls: [selfSigned.url] }, trustCa()));
    let status = 0;
    const lines = await warningsDuring(async () => {
      const res = await gw.request('/untrusted/x');
      status = res.status;
      expect(res.json()).toMatchObject({ code: '102503', message: 'Upstream connection failed' });
    });
    expect(status).toBe(503);
    const url = selfSigned.url.replace(/\./g, '\\.');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^upstream failure: 503 102503 for Untrusted:1\\.0\\.0 .* via ${url} .*: connect: .*self-signed certificate`))]);
  });

  it('refuses a certificate that does not name the endpoint host: 503 102503', async () => {
    await deployed(gw, await projectZip('WrongHost', { urls: [otherName.url] }, trustCa()));
    const res = await gw.request('/wronghost/x');
    expect([res.status, res.json<{ code: string }>().code]).toEqual([503, '102503']);
  });

  it('x-portico-tls verifyHostname: false accepts it (200), and the deploy answer warns, naming the set', async () => {
    const res = await deployed(gw, await projectZip('AnyHost', { urls: [otherName.url], 'x-portico-tls': { verifyHostname: false } }, trustCa()));
    expect(res.json<{ warnings: { code: string; message: string }[] }>().warnings).toContainEqual(
      expect.objectContaining({ code: 'endpoint.hostname-verification-off', message: expect.stringContaining('endpoint set PRODUCTION') }),
    );
    expect((await gw.request('/anyhost/x')).text).toBe('other name /x');
  });

  it('presents each set its own client certificate: one named in the settings, one from project files', async () => {
    const sets = {
      '/named': { 'x-wso2-production-endpoints': { urls: [mtls.url], 'x-portico-tls': { clientCertificate: 'partner-a' } }, get: {} },
      '/files': {
        'x-wso2-production-endpoints': {
          urls: [mtls.url],
          'x-portico-tls': { clientCertificate: { certificateFile: 'Client-keys/backend.pem', keyFile: './Client-keys/backend.key' } },
        },
        get: {},
      },
      '/default': { get: {} },
    };
    const files = { ...trustCa(), 'Client-keys/backend.pem': certs.projectClient.cert, 'Client-keys/backend.key': certs.projectClient.key };
    await deployed(gw, await projectZip('PerSet', { urls: [mtls.url] }, files, sets));
    expect(await cnOf('/perset/named')).toBe('partner-a');
    expect(await cnOf('/perset/files')).toBe('project-client');
    expect(await cnOf('/perset/default')).toBe('portico-gateway');
  });

  describe('bad client certificates in a deploy: 422 naming the file or name, the deployed API unchanged', () => {
    beforeAll(async () => {
      await deployed(gw, await projectZip('Stable', { urls: [`${plain.url}/v1`] }));
    });

    const refused = async (endpoint: Record<string, unknown>, files: Record<string, string>) => {
      const res = await deployZip(gw, await projectZip('Stable', endpoint, { ...trustCa(), ...files }));
      expect(res.status).toBe(422);
      expect((await gw.request('/stable/x')).text).toBe('plain /v1/x');
      return res.json<AdminErrorBody>().problems ?? [];
    };
    const filesTls = { clientCertificate: { certificateFile: 'keys/client.pem', keyFile: 'keys/client.key' } };

    it('a project key that is not PEM', async () => {
      const problems = await refused({ urls: [mtls.url], 'x-portico-tls': filesTls }, { 'keys/client.pem': certs.projectClient.cert, 'keys/client.key': 'not a key' });
      expect(problems).toEqual([expect.objectContaining({ code: 'certificate.invalid', message: 'keys/client.key is not a PEM private key (x-portico-tls client key)' })]);
    });

    it('a project key that is not the certificate’s', async () => {
      const problems = await refused({ urls: [mtls.url], 'x-portico-tls': filesTls }, { 'keys/client.pem': certs.projectClient.cert, 'keys/client.key': certs.partnerClient.key });
      expect(problems).toEqual([
        expect.objectContaining({ code: 'certificate.key-mismatch', message: 'the key in keys/client.key does not belong to the certificate in keys/client.pem' }),
      ]);
    });

    it('a file outside the project or missing from it', async () => {
      const escaping = { clientCertificate: { certificateFile: '../client.pem', keyFile: 'keys/missing.key' } };
      const problems = await refused({ urls: [mtls.url], 'x-portico-tls': escaping }, {});
      expect(problems.map((p) => [p.code, p.message])).toEqual([
        ['endpoint.tls-invalid', "../client.pem: give a path relative to the project root, without '..'"],
        ['endpoint.tls-invalid', 'keys/missing.key is not in the project (Portico reads .pem, .crt and .key files for x-portico-tls)'],
      ]);
    });

    it('a client certificate name the settings do not configure', async () => {
      const problems = await refused({ urls: [mtls.url], 'x-portico-tls': { clientCertificate: 'nobody' } }, {});
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'endpoint.client-certificate-unknown',
          message: 'endpoint set PRODUCTION: client certificate "nobody" is not in upstream.tls.clientCertificates (configured: partner-a)',
        }),
      ]);
    });
  });
});
