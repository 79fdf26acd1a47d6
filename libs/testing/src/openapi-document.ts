import { stringify } from 'yaml';

export interface DocumentSpec {
  readonly title: string;
  readonly version?: string;
  readonly basePath: string;
  /** Production endpoint URLs (omit for none). */
  readonly production?: readonly string[];
  readonly sandbox?: readonly string[];
  /** Path → methods; default: `/*` with GET, POST, PUT, DELETE, PATCH, HEAD. */
  readonly paths?: Readonly<Record<string, readonly string[]>>;
  /** Open access (`x-wso2-disable-security: true`); default true. */
  readonly open?: boolean;
  /** More root-level keys (`x-wso2-*`, `x-portico-*`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

const ALL = ['get', 'post', 'put', 'delete', 'patch', 'head'];

/** A small OpenAPI 3.0 document with Choreo Connect extensions, as YAML text. */
export function openApiDocument(spec: DocumentSpec): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(spec.paths ?? { '/*': ALL })) {
    paths[path] = Object.fromEntries(methods.map((m) => [m.toLowerCase(), { responses: { '200': { description: 'ok' } } }]));
  }
  return stringify({
    openapi: '3.0.3',
    info: { title: spec.title, version: spec.version ?? '1.0.0' },
    'x-wso2-basePath': spec.basePath,
    ...(spec.open === false ? {} : { 'x-wso2-disable-security': true }),
    ...(spec.production ? { 'x-wso2-production-endpoints': { urls: spec.production } } : {}),
    ...(spec.sandbox ? { 'x-wso2-sandbox-endpoints': { urls: spec.sandbox } } : {}),
    ...spec.extra,
    paths,
  });
}
