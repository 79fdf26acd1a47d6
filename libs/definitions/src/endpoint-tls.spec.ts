import { stringify } from 'yaml';
// Test certificates are made with the gateway's own issuer; #gateway would load the whole gateway here.
// eslint-disable-next-line no-restricted-imports
import { issueCertificate, type IssuedCertificate } from '../../gateway/src/certificate-issuer.js';
import { apictlApiYaml, loadDocument, loadZip, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

/**
 * `x-portico-tls` of endpoint objects (issue 17 items 4-5, spec §14.4): the hostname check and the
 * client certificate of one set, a configured name or PEM files of the project.
 */
const load = (extra: Record<string, unknown>) => loadDocument(oas3(extra), undefined, 'swagger.json');
const production = (tls: unknown, urls = ['https://a.example']) => ({ 'x-wso2-production-endpoints': { urls, 'x-portico-tls': tls } });
const AT = 'swagger.json#/x-wso2-production-endpoints/x-portico-tls';

describe('x-portico-tls in a definition', () => {
  it('reads verifyHostname and a named client certificate into the set, and warns about the hostname check, naming the set', async () => {
    const { api, warnings } = await load(production({ verifyHostname: false, clientCertificate: 'partner-a' }));
    expect(api.endpoints.PRODUCTION?.tls).toEqual({ verifyHostname: false, clientCertificate: { name: 'partner-a' } });
    expect(warnings).toEqual([
      {
        code: 'endpoint.hostname-verification-off',
        message: "endpoint set PRODUCTION: x-portico-tls.verifyHostname is false, so its backends' certificates need not name the endpoint host",
        location: `${AT}/verifyHostname`,
      },
    ]);
  });

  it('reads it on path items and x-wso2-endpoints entries too; sets without it have none', async () => {
    const { api } = await load({
      'x-wso2-endpoints': [{ shared: { urls: ['https://s.example'], 'x-portico-tls': { clientCertificate: 'shared' } } }],
      'x-wso2-sandbox-endpoints': '#/x-wso2-endpoints/shared',
      'x-wso2-production-endpoints': { urls: ['https://p.example'] },
      paths: { '/pet': { 'x-wso2-production-endpoints': { urls: ['https://r.example'], 'x-portico-tls': { verifyHostname: true } }, get: {} } },
    });
    expect(api.endpoints.SANDBOX?.tls).toEqual({ clientCertificate: { name: 'shared' } });
    expect(api.endpoints.PRODUCTION).not.toHaveProperty('tls');
    expect(api.resources[0].endpoints.PRODUCTION?.tls).toEqual({ verifyHostname: true });
  });

  it.each([
    ['not a map', 'yes', [['endpoint.tls-invalid', 'x-portico-tls must be a map with any of verifyHostname, clientCertificate; got "yes"', AT]]],
    ['an unknown key', { verifyHost: false }, [['endpoint.tls-invalid', 'unknown key verifyHost in x-portico-tls; allowed: verifyHostname, clientCertificate', `${AT}/verifyHost`]]],
    ['a verifyHostname that is not boolean', { verifyHostname: 'false' }, [['endpoint.tls-invalid', 'x-portico-tls.verifyHostname must be true or false; got "false"', `${AT}/verifyHostname`]]],
    [
      'a clientCertificate of the wrong type',
      { clientCertificate: 7 },
      [['endpoint.tls-invalid', 'x-portico-tls.clientCertificate must name a certificate of upstream.tls.clientCertificates or be a map with certificateFile and keyFile; got 7', `${AT}/clientCertificate`]],
    ],
    [
      'files with an unknown key and no keyFile',
      { clientCertificate: { certificateFile: 'a.pem', key: 'a.key' } },
      [
        ['endpoint.tls-invalid', 'unknown key key in x-portico-tls.clientCertificate; allowed: certificateFile, keyFile', `${AT}/clientCertificate/key`],
        ['endpoint.tls-invalid', 'x-portico-tls.clientCertificate.keyFile must be the path of a PEM file in the project; got nothing', `${AT}/clientCertificate/keyFile`],
      ],
    ],
    [
      'project files in a definition deployed alone',
      { clientCertificate: { certificateFile: 'a.pem', keyFile: 'a.key' } },
      [
        [
          'endpoint.tls-invalid',
          'x-portico-tls.clientCertificate: project files can be used only in an apictl project; a definition deployed alone may name a certificate of upstream.tls.clientCertificates',
          `${AT}/clientCertificate`,
        ],
      ],
    ],
  ])('refuses %s, at its location', async (_case, tls, expected) => {
    expect(await problemsOf(load(production(tls)))).toEqual(expected.map(([code, message, location]) => ({ code, message, location })));
  });
});

describe('x-portico-tls client certificates from project files', () => {
  let client: IssuedCertificate;
  let other: IssuedCertificate;

  beforeAll(async () => {
    client = await issueCertificate({ commonName: 'client' });
    other = await issueCertificate({ commonName: 'other' });
  });

  const project = (clientCertificate: Record<string, string>, files: Record<string, string>) => {
    const definition = stringify({
      openapi: '3.0.3',
      info: { title: 'Mtls', version: '1.0.0' },
      'x-wso2-basePath': '/mtls',
      'x-wso2-production-endpoints': { urls: ['https://a.example'], 'x-portico-tls': { clientCertificate } },
      paths: { '/*': { get: {} } },
    });
    return projectOf(definition, apictlApiYaml(definition), files);
  };
  const AT_FILES = 'Definitions/swagger.yaml#/x-wso2-production-endpoints/x-portico-tls/clientCertificate';

  it('reads the certificate and key, resolving paths against the project root', async () => {
    const files = { 'keys/client.pem': client.cert, 'keys/client.key': client.key };
    const { api } = await loadZip(project({ certificateFile: 'keys/client.pem', keyFile: './keys//client.key' }, files));
    expect(api.endpoints.PRODUCTION?.tls?.clientCertificate).toEqual({
      certificateFile: 'keys/client.pem',
      keyFile: 'keys/client.key',
      certificate: expect.stringContaining('-----BEGIN CERTIFICATE-----'),
      key: client.key,
    });
  });

  it.each([
    ['a path leaving the project', { certificateFile: '../client.pem', keyFile: '/etc/client.key' }, {}, [
      ['endpoint.tls-invalid', "../client.pem: give a path relative to the project root, without '..'", `${AT_FILES}/certificateFile`],
      ['endpoint.tls-invalid', "/etc/client.key: give a path relative to the project root, without '..'", `${AT_FILES}/keyFile`],
    ]],
    ['a missing file', { certificateFile: 'c.pem', keyFile: 'c.key' }, { 'c.pem': 'x' }, [
      ['endpoint.tls-invalid', 'c.key is not in the project (Portico reads .pem, .crt and .key files for x-portico-tls)', `${AT_FILES}/keyFile`],
    ]],
    ['files that are not PEM', { certificateFile: 'c.pem', keyFile: 'c.key' }, { 'c.pem': 'x', 'c.key': 'y' }, [
      ['certificate.invalid', 'c.pem is not a PEM certificate (x-portico-tls client certificate)', `${AT_FILES}/certificateFile`],
      ['certificate.invalid', 'c.key is not a PEM private key (x-portico-tls client key)', `${AT_FILES}/keyFile`],
    ]],
  ])('refuses %s, naming the file', async (_case, clientCertificate, files, expected) => {
    const problems = await problemsOf(loadZip(project(clientCertificate, files)));
    expect(problems).toEqual(expected.map(([code, message, location]) => ({ code, message, location })));
  });

  it('refuses a key that is not the certificate’s', async () => {
    const problems = await problemsOf(loadZip(project({ certificateFile: 'c.pem', keyFile: 'c.key' }, { 'c.pem': client.cert, 'c.key': other.key })));
    expect(problems).toEqual([{ code: 'certificate.key-mismatch', message: 'the key in c.key does not belong to the certificate in c.pem', location: `${AT_FILES}/keyFile` }]);
  });
});
