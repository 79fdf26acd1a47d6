import { stringify } from 'yaml';
import { type RequestErrorSpec, WWW_AUTHENTICATE_VALUE } from '#core';
import { apictlProject, type ApictlProjectSpec, type CallResult, type TestGateway, zipProject } from '#testing';

/**
 * What the consumer-security e2e suites share: small OpenAPI 3 definitions with an OAuth2
 * scheme, the two ways of deploying them (a bare definition, an apictl project zip), and the
 * one assertion of what a caller sees when the gateway refuses it (spec §16.1).
 */

export interface SecuredDefinitionSpec {
  /** Also the API name (no spaces), matched against `subscribedAPIs`. */
  readonly title: string;
  readonly version?: string;
  readonly basePath: string;
  /** `x-wso2-production-endpoints`; omit to leave the endpoints to api.yaml. */
  readonly backendUrl?: string;
  /** Path → method → operation extras (`security`, `x-wso2-disable-security`); `x-` keys of a path item stay as written. Default `/pets: get`. */
  readonly paths?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** More root-level keys (`x-wso2-auth-header`, `security`, `x-wso2-disable-security`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** An OpenAPI 3 document whose scheme `default` is OAuth2 (scopes `read:pets`, `write:pets`). */
export function securedDefinition(spec: SecuredDefinitionSpec): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(spec.paths ?? { '/pets': { get: {} } })) {
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([key, value]) =>
        key.startsWith('x-') ? [key, value] : [key, { responses: { '200': { description: 'ok' } }, ...(value as object) }],
      ),
    );
  }
  return stringify({
    openapi: '3.0.3',
    info: { title: spec.title, version: spec.version ?? '1.0.0' },
    'x-wso2-basePath': spec.basePath,
    ...(spec.backendUrl === undefined ? {} : { 'x-wso2-production-endpoints': { urls: [spec.backendUrl] } }),
    components: {
      securitySchemes: {
        default: {
          type: 'oauth2',
          flows: { implicit: { authorizationUrl: 'https://km.test/authorize', scopes: { 'read:pets': 'read', 'write:pets': 'write' } } },
        },
      },
    },
    ...spec.extra,
    paths,
  });
}

/** Deploys a definition through the admin API; fails the test with the gateway's answer otherwise. */
export async function deployDefinition(gw: TestGateway, definition: string): Promise<void> {
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition });
  expect([res.status, res.text]).toEqual([201, expect.any(String)]);
}

/** Deploys an apictl project (api.yaml + definition) as a zip, as `apictl import` sends it. */
export async function deployProject(gw: TestGateway, spec: ApictlProjectSpec): Promise<void> {
  const body = await zipProject(spec.name, apictlProject(spec));
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body });
  expect([res.status, res.text]).toEqual([201, expect.any(String)]);
}

export interface Seen {
  readonly status: number;
  readonly contentType: string | undefined;
  /** Only for 401s, where §11.1 requires it. */
  readonly wwwAuthenticate?: string | undefined;
  readonly body: unknown;
}

/** What a caller sees, in one value so a failing test shows all of it. */
export function seen(res: CallResult): Seen {
  let body: unknown = res.text;
  try {
    body = res.json();
  } catch {
    // Not JSON: the raw text is what the caller got, and what the failure message should show.
  }
  const www = res.status === 401 ? { wwwAuthenticate: res.headers['www-authenticate'] } : {};
  return { status: res.status, contentType: res.headers['content-type'], ...www, body };
}

/** The §16.1 answer for `spec`: exact body, JSON, and `WWW-Authenticate` on every 401. */
export function refusal(spec: RequestErrorSpec, description: string = spec.description): Seen {
  const www = spec.status === 401 ? { wwwAuthenticate: WWW_AUTHENTICATE_VALUE } : {};
  return {
    status: spec.status,
    contentType: expect.stringContaining('application/json') as unknown as string,
    ...www,
    body: { error_message: spec.message, code: spec.code, error_description: description },
  };
}

/** The body field order of §16.1 is part of the format: error_message, code, error_description. */
export function policyFieldOrder(res: CallResult): string[] {
  return Object.keys(res.json<Record<string, unknown>>());
}
