import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type IssuedCertificate, issueCertificate } from '#gateway';
import { apictlProject, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway, zipProject } from '#testing';

/** HTTPS backends (issue 2 item 5; trust as in spec §14.2), with certificates made in the test. */
describe('HTTPS backends', () => {
  let ca: IssuedCertificate;
  let backend: TestBackend;
  let localhostOnly: TestBackend;
  let gw: TestGateway;

  const project = async (name: string, url: string, certificates: Record<string, string> = {}) =>
    zipProject(
      name,
      apictlProject({
        definition: openApiDocument({ title: name, version: 'v1', basePath: `/${name.toLowerCase()}`, production: [url] }),
        name,
        version: 'v1',
        context: `/${name.toLowerCase()}`,
        productionUrl: url,
        files: Object.fromEntries(Object.entries(certificates).map(([file, pem]) => [`Endpoint-certificates/${file}`, pem])),
      }),
    );

  const deploy = async (zip: Buffer) => {
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    ca = await issueCertificate({ commonName: 'Portico Test CA', ca: true });
    const leaf = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1', 'localhost'], issuer: ca });
    const nameOnly = await issueCertificate({ commonName: 'localhost', altNames: ['localhost'], issuer: ca });
    backend = await startBackend((req, res) => res.end(`secure ${req.url}`), { tls: { cert: leaf.cert, key: leaf.key } });
    localhostOnly = await startBackend((_req, res) => res.end('name only'), { tls: { cert: nameOnly.cert, key: nameOnly.key } });
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
    await localhostOnly.close();
  });

  it('trusts the certificates an apictl project brings in Endpoint-certificates/', async () => {
    await deploy(await project('Bundled', `${backend.url}/api`, { 'test-ca.pem': ca.cert }));
    const res = await gw.request('/bundled/items?x=1');
    expect([res.status, res.text]).toEqual([200, 'secure /api/items?x=1']);
  });

  it('trusts a certificate mapped to the endpoint in endpoint_certificates.yaml', async () => {
    const url = `${backend.url}/mapped`;
    const zip = await zipProject(
      'Mapped',
      apictlProject({
        definition: openApiDocument({ title: 'Mapped', version: 'v1', basePath: '/mapped', production: [url] }),
        name: 'Mapped',
        version: 'v1',
        context: '/mapped',
        productionUrl: url,
        files: {
          'Endpoint-certificates/backend.crt': ca.cert,
          'Endpoint-certificates/endpoint_certificates.yaml': stringify({ data: [{ alias: 'backend', endpoint: url, certificate: 'backend.crt' }] }),
        },
      }),
    );
    await deploy(zip);
    expect((await gw.request('/mapped/x')).text).toBe('secure /mapped/x');
  });

  it('refuses a backend certificate nobody trusts: 503 102503', async () => {
    await deploy(await project('Untrusted', backend.url));
    const res = await gw.request('/untrusted/x');
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ code: '102503', message: 'Upstream connection failed' });
  });

  it('checks the certificate names the endpoint host', async () => {
    await deploy(await project('WrongName', localhostOnly.url, { 'ca.pem': ca.cert }));
    expect((await gw.request('/wrongname/x')).status).toBe(503);
    await deploy(await project('RightName', localhostOnly.url.replace('127.0.0.1', 'localhost'), { 'ca.pem': ca.cert }));
    expect((await gw.request('/rightname/x')).text).toBe('name only');
  });

  it('uses upstream.tls.trustedCertFile for APIs without certificates, and verifyHostname: false skips the name check', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'portico-ca-')), 'ca.pem');
    writeFileSync(caFile, ca.cert);
    const trusting = await startTestGateway({ settings: { upstream: { tls: { trustedCertFile: caFile, verifyHostname: false } } } });
    try {
      const doc = (title: string, url: string) => openApiDocument({ title, basePath: `/${title.toLowerCase()}`, production: [url] });
      for (const [title, url] of [['Global', backend.url], ['Nameless', localhostOnly.url]]) {
        const res = await trusting.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc(title, url) });
        expect(res.status).toBe(201);
      }
      expect((await trusting.request('/global/x')).text).toBe('secure /x');
      expect((await trusting.request('/nameless/x')).text).toBe('name only');
    } finally {
      await trusting.destroy();
    }
  });
});
