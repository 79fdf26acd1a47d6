import { X509Certificate } from 'node:crypto';
import { loadFolder, problemsOf } from './fixtures.spec-support.js';
import { selfSignedPem } from './certificates.spec-support.js';

const apiYaml = JSON.stringify({ data: { name: 'Tls', version: '1.0.0', context: '/tls', type: 'HTTP', endpointConfig: { production_endpoints: { url: 'https://a.example/v1' } } } });
const definition = JSON.stringify({
  swagger: '2.0',
  info: { title: 'Tls', version: '1.0.0' },
  'x-wso2-production-endpoints': { urls: ['https://a.example/v1', 'https://b.example/v1', 'http://plain.example/v1'] },
  paths: { '/x': { 'x-wso2-sandbox-endpoints': { urls: ['https://c.example/v1'] }, get: {} } },
});

const subjectOf = (pem: string) => new X509Certificate(pem).subject;

describe('per-API backend certificates (spec §14.2)', () => {
  it('maps a certificate to its endpoint URL and bundles the others for every other TLS URL', async () => {
    const [mapped, loose1, loose2] = await Promise.all([selfSignedPem('mapped'), selfSignedPem('loose1'), selfSignedPem('loose2')]);
    const { api } = await loadFolder({
      'Tls/api.yaml': apiYaml,
      'Tls/Definitions/swagger.json': definition,
      'Tls/Endpoint-certificates/mapped.pem': mapped,
      'Tls/Endpoint-certificates/loose.crt': loose1 + loose2,
      'Tls/Endpoint-certificates/endpoint_certificates.yaml': 'data:\n  - alias: mine\n    endpoint: https://b.example/v1\n    certificate: mapped.pem\n',
    });
    const [a, b, plain] = api.endpoints.PRODUCTION?.urls ?? [];
    expect(a.trustedCertificates?.map(subjectOf)).toEqual(['CN=loose1', 'CN=loose2']);
    expect(b.trustedCertificates?.map(subjectOf)).toEqual(['CN=mapped']);
    expect(plain.trustedCertificates).toBeUndefined();
    expect(api.resources[0].endpoints.SANDBOX?.urls[0].trustedCertificates?.map(subjectOf)).toEqual(['CN=loose1', 'CN=loose2']);
  });

  it('leaves the gateway-wide trust store to APIs without certificates', async () => {
    const { api } = await loadFolder({ 'Tls/api.yaml': apiYaml, 'Tls/Definitions/swagger.json': definition });
    expect(api.endpoints.PRODUCTION?.urls.every((u) => u.trustedCertificates === undefined)).toBe(true);
  });

  it('refuses files that are not PEM certificates, interceptor certificates included', async () => {
    const problems = await problemsOf(
      loadFolder({
        'Tls/api.yaml': apiYaml,
        'Tls/Definitions/swagger.json': definition,
        'Tls/Endpoint-certificates/broken.pem': '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
        'Tls/Endpoint-certificates/interceptors/empty.crt': 'hello',
        'Tls/Client-certificates/client.pem': 'client certificates must be PEM too (spec §3.1)',
      }),
    );
    expect(problems).toEqual([
      { code: 'certificate.invalid', message: 'certificate Validation Error: Endpoint-certificates/broken.pem', location: 'Endpoint-certificates/broken.pem' },
      { code: 'certificate.invalid', message: 'certificate Validation Error: Endpoint-certificates/interceptors/empty.crt', location: 'Endpoint-certificates/interceptors/empty.crt' },
      { code: 'certificate.invalid', message: 'certificate Validation Error: Client-certificates/client.pem', location: 'Client-certificates/client.pem' },
    ]);
  });

  it('refuses an endpoint_certificates.yaml that cannot be read', async () => {
    const problems = await problemsOf(
      loadFolder({
        'Tls/api.yaml': apiYaml,
        'Tls/Definitions/swagger.json': definition,
        'Tls/Endpoint-certificates/a.pem': await selfSignedPem('a'),
        'Tls/Endpoint-certificates/endpoint_certificates.yaml': 'data: {not: a list}\n',
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'project.file-invalid', location: 'Endpoint-certificates/endpoint_certificates.yaml#/data' })]);
  });
});
