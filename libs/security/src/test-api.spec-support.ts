import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  type ApiDefinition,
  type AuthResult,
  type CompileProblems,
  HTTP_METHODS,
  isAuthFailure,
  type Operation,
  type Resource,
  type SecurityRequirement,
} from '#core';

// The test kit's fixture switch, by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { ccFixturePath } from '../../testing/src/cc-fixtures.js';
// eslint-disable-next-line no-restricted-imports
export { describeWithCcFixtures, itWithCcFixtures } from '../../testing/src/cc-fixtures.js';

type Json = Record<string, unknown>;

/** A Choreo Connect fixture definition (`integration/openAPIs/<file>`), parsed. */
export function ccDefinition(file: string): Json {
  return parse(readFileSync(ccFixturePath(`integration/openAPIs/${file}`), 'utf8')) as Json;
}

const escape = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const DISABLE = 'x-wso2-disable-security';

/**
 * The ApiDefinition the definitions lib makes of an OpenAPI 2/3 document, for what security
 * reads: `security` (operation replaces API), `x-wso2-disable-security` (operation > path > API,
 * `x-auth-type: None` always), schemes, auth header. libs/security may not import #definitions.
 */
export function apiOf(document: Json, overrides: Partial<ApiDefinition> = {}): ApiDefinition {
  const openapi2 = document.swagger === '2.0';
  const paths = (document.paths ?? {}) as Record<string, Json>;
  const resources: Resource[] = Object.entries(paths).map(([path, item]) => ({
    path,
    endpoints: {},
    location: `/paths/${escape(path)}`,
    operations: HTTP_METHODS.filter((m) => item[m.toLowerCase()] !== undefined).map((method): Operation => {
      const op = item[method.toLowerCase()] as Json;
      return {
        method,
        disableSecurity: disabled(op, item, document),
        security: ((op.security ?? document.security ?? []) as Json[]).map((r) => r as SecurityRequirement),
        location: `/paths/${escape(path)}/${method.toLowerCase()}`,
      };
    }),
  }));
  const components = (document.components ?? {}) as Json;
  const info = (document.info ?? {}) as Json;
  return {
    id: 'security-test-api',
    name: String(info.title ?? 'SecurityTest'),
    version: String(info.version ?? '1.0.0'),
    type: 'HTTP',
    basePath: String(document['x-wso2-basePath'] ?? '/security-test'),
    isDefaultVersion: false,
    organization: 'carbon.super',
    lifecycle: 'PUBLISHED',
    prototyped: false,
    connector: { type: 'rest', options: {} },
    endpoints: { PRODUCTION: { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE', location: '/x-wso2-production-endpoints' } },
    resources,
    disableSecurity: document[DISABLE] === true,
    authHeader: typeof document['x-wso2-auth-header'] === 'string' ? document['x-wso2-auth-header'].toLowerCase() : undefined,
    securitySchemes: ((openapi2 ? document.securityDefinitions : components.securitySchemes) ?? {}) as Json,
    apiYamlSecuritySchemes: [],
    mutualSsl: 'none',
    applicationSecurityMandatory: false,
    clientCertificates: [],
    http2Backend: false,
    deploymentTargets: [],
    definition: { format: openapi2 ? 'openapi2' : 'openapi3', document },
    ...overrides,
  };
}

function disabled(op: Json, item: Json, root: Json): boolean {
  if (String(op['x-auth-type']).toLowerCase() === 'none') return true;
  for (const level of [op, item, root]) if (typeof level[DISABLE] === 'boolean') return level[DISABLE];
  return false;
}

/** A small OpenAPI 3 document: one path per entry, each with a GET of the given security. */
export function openApi3(schemes: Json, paths: Record<string, { security?: Json[]; extensions?: Json }>, root: Json = {}): Json {
  return {
    openapi: '3.0.3',
    info: { title: 'Shop', version: '1.0.0' },
    paths: Object.fromEntries(
      Object.entries(paths).map(([path, { security, extensions }]) => [path, { get: { ...(security && { security }), ...extensions, responses: {} } }]),
    ),
    components: { securitySchemes: schemes },
    ...root,
  };
}

export function resourceOf(api: ApiDefinition, path: string): { resource: Resource; operation: Operation } {
  const resource = api.resources.find((r) => r.path === path);
  const operation = resource?.operations[0];
  if (!resource || !operation) throw new Error(`no operation at ${path} in the test API`);
  return { resource, operation };
}

export function noProblems(): CompileProblems {
  return { errors: [], warnings: [] };
}

/** What the caller sees of a refusal (status, code, error_description); the answer must be synchronous. */
export function answerOf(result: AuthResult | Promise<AuthResult>): { status: number; code: string; description: string } | 'authenticated' {
  if (result instanceof Promise) throw new Error('expected a synchronous answer, got a promise');
  if (!isAuthFailure(result)) return 'authenticated';
  return { status: result.failure.status, code: result.failure.code, description: result.description ?? result.failure.description };
}
