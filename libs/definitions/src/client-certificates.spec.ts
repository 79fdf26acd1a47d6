import { X509Certificate } from 'node:crypto';
import { selfSignedPem } from './certificates.spec-support.js';
import { loadFolder, problemsOf } from './fixtures.spec-support.js';

const apiYaml = (securityScheme: string[]): string =>
  JSON.stringify({ data: { name: 'Mtls', version: '1.0.0', context: '/mtls', type: 'HTTP', securityScheme, endpointConfig: { production_endpoints: { url: 'http://a.example/v1' } } } });
const definition = (root: Record<string, unknown> = {}): string =>
  JSON.stringify({ swagger: '2.0', info: { title: 'Mtls', version: '1.0.0' }, paths: { '/x': { get: {} } }, ...root });
const MAP = 'data:\n  - alias: gold-client\n    certificate: client.crt\n    tierName: Gold\n  - alias: plain\n    certificate: other.pem\n';
const subjectOf = (pem: string): string => new X509Certificate(pem).subject;

describe('client certificates for mutual TLS (spec §3.1, §11.8)', () => {
  it('reads client_certificates.yaml and the files it names: mandatory mTLS, application security mandatory', async () => {
    const [client, other] = await Promise.all([selfSignedPem('client'), selfSignedPem('other')]);
    const { api, warnings } = await loadFolder({
      'Mtls/api.yaml': apiYaml(['oauth2', 'mutualssl', 'mutualssl_mandatory', 'oauth_basic_auth_api_key_mandatory']),
      'Mtls/Definitions/swagger.json': definition(),
      'Mtls/Client-certificates/client_certificates.yaml': MAP,
      'Mtls/Client-certificates/client.crt': client,
      'Mtls/Client-certificates/other.pem': other,
    });
    expect(warnings).toEqual([]);
    expect(api.mutualSsl).toBe('mandatory');
    expect(api.applicationSecurityMandatory).toBe(true);
    expect(api.clientCertificates.map((c) => ({ ...c, pem: subjectOf(c.pem) }))).toEqual([
      { alias: 'gold-client', tierName: 'Gold', pem: 'CN=client' },
      { alias: 'plain', pem: 'CN=other' },
    ]);
  });

  it('makes mTLS optional with mutualssl alone', async () => {
    const { api } = await loadFolder({
      'Mtls/api.yaml': apiYaml(['api_key', 'mutualssl']),
      'Mtls/Definitions/swagger.json': definition(),
      'Mtls/Client-certificates/client.crt': await selfSignedPem('client'),
    });
    expect(api).toMatchObject({ mutualSsl: 'optional', applicationSecurityMandatory: false });
    expect(api.clientCertificates.map((c) => c.alias)).toEqual(['client.crt']);
  });

  it('takes x-wso2-mutual-ssl from the definition when api.yaml names no mutualssl', async () => {
    const { api, warnings } = await loadFolder({
      'Mtls/api.yaml': apiYaml(['oauth2']),
      'Mtls/Definitions/swagger.json': definition({ 'x-wso2-mutual-ssl': 'Mandatory' }),
      'Mtls/Client-certificates/client.crt': await selfSignedPem('client'),
    });
    expect(warnings).toEqual([]);
    expect(api.mutualSsl).toBe('mandatory');
  });

  it('keeps no certificate for an API without mutual TLS', async () => {
    const { api } = await loadFolder({
      'Mtls/api.yaml': apiYaml(['oauth2']),
      'Mtls/Definitions/swagger.json': definition(),
      'Mtls/Client-certificates/client.crt': await selfSignedPem('client'),
    });
    expect(api).toMatchObject({ mutualSsl: 'none', applicationSecurityMandatory: false, clientCertificates: [] });
  });

  it('deploys mutual TLS without any client certificate, as Choreo Connect does, with a warning saying what callers get', async () => {
    const loaded = await loadFolder({ 'Mtls/api.yaml': apiYaml(['mutualssl', 'mutualssl_mandatory']), 'Mtls/Definitions/swagger.json': definition() });
    expect(loaded.warnings).toContainEqual({
      code: 'mutual-ssl.no-client-certificates',
      message:
        'mutual SSL is mandatory but the project has no client certificate (Client-certificates/client_certificates.yaml and its .crt/.pem files): every request will be refused (401)',
      location: 'api.yaml',
    });
  });

  it('refuses a certificate file that is missing or not PEM, naming it', async () => {
    const problems = await problemsOf(
      loadFolder({
        'Mtls/api.yaml': apiYaml(['mutualssl', 'mutualssl_mandatory']),
        'Mtls/Definitions/swagger.json': definition(),
        'Mtls/Client-certificates/client_certificates.yaml': MAP,
        'Mtls/Client-certificates/client.crt': 'not a certificate',
      }),
    );
    expect(problems).toEqual([
      { code: 'certificate.invalid', message: 'certificate Validation Error: Client-certificates/client.crt', location: 'Client-certificates/client.crt' },
      {
        code: 'certificate.invalid',
        message: 'Client-certificates/client_certificates.yaml: certificate file other.pem is not in Client-certificates/',
        location: 'Client-certificates/client_certificates.yaml#/data/1/certificate',
      },
    ]);
  });

  it('refuses a client_certificates.yaml without a data list, or an entry without a certificate', async () => {
    const files = { 'Mtls/api.yaml': apiYaml(['mutualssl']), 'Mtls/Definitions/swagger.json': definition(), 'Mtls/Client-certificates/client.crt': await selfSignedPem('c') };
    const notAList = await problemsOf(loadFolder({ ...files, 'Mtls/Client-certificates/client_certificates.yaml': 'data: {alias: x}\n' }));
    expect(notAList[0]).toEqual({
      code: 'project.file-invalid',
      message: 'Client-certificates/client_certificates.yaml: expected data: [{alias, certificate, tierName}]',
      location: 'Client-certificates/client_certificates.yaml#/data',
    });
    const noFile = await problemsOf(loadFolder({ ...files, 'Mtls/Client-certificates/client_certificates.yaml': 'data:\n  - alias: x\n' }));
    expect(noFile[0]).toEqual({
      code: 'project.file-invalid',
      message: 'Client-certificates/client_certificates.yaml: entry 0 needs an alias and a certificate',
      location: 'Client-certificates/client_certificates.yaml#/data/0',
    });
  });

  it('refuses an x-wso2-mutual-ssl that is neither optional nor mandatory', async () => {
    const problems = await problemsOf(loadFolder({ 'Mtls/api.yaml': apiYaml([]), 'Mtls/Definitions/swagger.json': definition({ 'x-wso2-mutual-ssl': 'always' }) }));
    expect(problems).toEqual([
      { code: 'project.file-invalid', message: 'x-wso2-mutual-ssl: always is not optional or mandatory', location: 'Definitions/swagger.json#/x-wso2-mutual-ssl' },
    ]);
  });
});
