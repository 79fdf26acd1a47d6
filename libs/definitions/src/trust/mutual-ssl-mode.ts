import type { ClientCertificate, MutualSslMode } from '#core';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { type JsonObject, textOf } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

const EXTENSION = 'x-wso2-mutual-ssl';

/**
 * Whether clients must present a certificate (spec §11.1, §11.8): api.yaml `mutualssl` makes it
 * optional, with `mutualssl_mandatory` mandatory; without either, the definition's
 * `x-wso2-mutual-ssl: optional|mandatory` (what apictl derives them from) decides.
 */
export function mutualSslModeOf(apiYamlSchemes: readonly string[], root: JsonObject, file: string, problems: ProblemCollector): MutualSslMode {
  if (apiYamlSchemes.includes('mutualssl')) return apiYamlSchemes.includes('mutualssl_mandatory') ? 'mandatory' : 'optional';
  const written = textOf(root[EXTENSION]);
  if (written === undefined) return 'none';
  const mode = written.toLowerCase();
  if (mode === 'optional' || mode === 'mandatory') return mode;
  problems.error('project.file-invalid', `${EXTENSION}: ${written} is not optional or mandatory`, locationOf(file, jsonPointer(EXTENSION)));
  return 'none';
}

/**
 * Mutual TLS without a client certificate deploys, as in Choreo Connect (a definition alone
 * cannot bring `Client-certificates/`), with a warning that says what callers will see.
 */
export function checkClientCertificates(mode: MutualSslMode, certificates: readonly ClientCertificate[], location: string, problems: ProblemCollector): void {
  if (mode === 'none' || certificates.length > 0) return;
  const effect = mode === 'mandatory' ? 'every request will be refused (401)' : 'callers are authenticated by their application credentials only';
  problems.warn(
    'mutual-ssl.no-client-certificates',
    `mutual SSL is ${mode} but the project has no client certificate (Client-certificates/client_certificates.yaml and its .crt/.pem files): ${effect}`,
    location,
  );
}
