import { selfSignedPem } from './certificates.spec-support.js';
import { type ProjectContent, readFixture } from './fixtures.spec-support.js';

/**
 * Client-certificates/ for a Choreo Connect fixture project: its client_certificates yaml
 * (`integration/certs/<file>`, naming `client_certificate.crt`) and a fresh certificate by that name.
 */
export async function fixtureClientCertificates(file = 'client_certificates.yaml'): Promise<ProjectContent> {
  return {
    'Client-certificates/client_certificates.yaml': readFixture(`integration/certs/${file}`),
    'Client-certificates/client_certificate.crt': await selfSignedPem('client'),
  };
}
