/**
 * Stable codes of deploy-time problems. Clients and tests match on these codes; messages may
 * improve. The category decides the HTTP status of a rejected deploy on Portico's admin API.
 */
export type ProblemCategory = 'input' | 'invalid' | 'conflict' | 'not-found';

export const PROBLEM_CODES = {
  // The upload itself (400).
  'artifact.unreadable': 'input',
  'artifact.too-large': 'input',
  'artifact.file-field-missing': 'input',
  'artifact.unsafe-entry': 'input',
  'artifact.too-many-entries': 'input',
  'document.syntax': 'input',
  'document.not-an-object': 'input',
  'document.unparsable': 'input',
  // Well-formed, but more than the gateway takes from one document (definitions.* settings: 422).
  'document.too-large': 'invalid',
  'document.too-many-nodes': 'invalid',
  'document.too-deep': 'invalid',
  // The project or definition (422).
  'project.api-yaml-missing': 'invalid',
  'project.definition-missing': 'invalid',
  'project.file-invalid': 'invalid',
  'definition.version-unsupported': 'invalid',
  'definition.paths-invalid': 'invalid',
  'api-yaml.type-unsupported': 'invalid',
  'api-yaml.implementation-unsupported': 'invalid',
  'api-yaml.fields-missing': 'invalid',
  'api-yaml.endpoint-relative': 'invalid',
  'api.name-missing': 'invalid',
  'api.version-missing': 'invalid',
  'api.name-invalid': 'invalid',
  'api.version-invalid': 'invalid',
  'extension.unknown': 'invalid',
  'basepath.empty': 'invalid',
  'basepath.invalid': 'invalid',
  'endpoints.none': 'invalid',
  'endpoint.url-invalid': 'invalid',
  'endpoint.scheme-unsupported': 'invalid',
  'endpoint.port-range': 'invalid',
  'endpoint.host-empty': 'invalid',
  'endpoint.host-relative': 'invalid',
  'endpoint.host-invalid': 'invalid',
  'endpoint.urls-missing': 'invalid',
  'endpoint.advance-config-invalid': 'invalid',
  'endpoint.security-type-unsupported': 'invalid',
  'endpoint.security-config-invalid': 'invalid',
  'endpoint.secret-unavailable': 'invalid',
  'backend-jwt.invalid': 'invalid',
  'endpoint.reference-invalid': 'invalid',
  'endpoint.basepath-mismatch': 'invalid',
  'endpoint.destination-denied': 'invalid',
  'endpoint.load-balancer-invalid': 'invalid',
  'endpoint.health-check-invalid': 'invalid',
  'endpoint.tls-invalid': 'invalid',
  'endpoint.client-certificate-unknown': 'invalid',
  'cors.invalid': 'invalid',
  // Warnings of the definition loader: non-fatal normalisations, never a reason to reject.
  'api-yaml.comment-ignored': 'invalid',
  'endpoint.retry-adjusted': 'invalid',
  'endpoint.timeout-capped': 'invalid',
  'endpoint.circuit-breaker-dropped': 'invalid',
  'endpoint.basepath-differs': 'invalid',
  'endpoint.extension-ignored': 'invalid',
  'endpoint.failover-case': 'invalid',
  'endpoint.health-check-unsupported': 'invalid',
  'endpoint.hostname-verification-off': 'invalid',
  // Features a definition uses that Portico does not apply yet: one code per feature.
  'not-applied.throttling': 'invalid',
  'not-applied.interceptors': 'invalid',
  'not-applied.api-policies': 'invalid',
  'not-applied.request-payload-to-enforcer': 'invalid',
  'not-applied.http2-backend': 'invalid',
  'not-applied.response-cache': 'invalid',
  'not-applied.transports': 'invalid',
  'route.reserved-path': 'invalid',
  'route.mapping-variable-unknown': 'invalid',
  'cors.any-origin-with-credentials': 'invalid',
  'deploy.environment-unknown': 'invalid',
  'certificate.invalid': 'invalid',
  'certificate.key-mismatch': 'invalid',
  'mutual-ssl.no-client-certificates': 'invalid',
  'connector.unknown': 'invalid',
  'connector.options-invalid': 'invalid',
  'mock.response-invalid': 'invalid',
  'deploy.no-target': 'invalid',
  'deploy.identity-mismatch': 'invalid',
  // Consumer security (libs/security). Warnings: a requirement dropped (unknown scheme, scopes lost to an
  // api.yaml securityScheme override, an empty `{}`). Error: a scheme the gateway cannot verify.
  'security.scheme-unknown': 'invalid',
  'security.scheme-replaced': 'invalid',
  'security.requirement-empty': 'invalid',
  'security.scheme-unsupported': 'invalid',
  // State of the gateway (409, 404).
  'deploy.api-exists': 'conflict',
  'deploy.basepath-conflict': 'conflict',
  'api.not-found': 'not-found',
} as const satisfies Record<string, ProblemCategory>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export const PROBLEM_CATEGORY_STATUS: Readonly<Record<ProblemCategory, number>> = {
  input: 400,
  invalid: 422,
  conflict: 409,
  'not-found': 404,
};
