import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import {
  type ApiDefinition,
  type ClusterSpec,
  type Connector,
  type ForwardOutcome,
  HTTP_METHODS,
  type HeaderMap,
  type HttpMethod,
  type Operation,
  type Resource,
  type ResponseHead,
  type ResponseTarget,
  type UpstreamRequest,
} from '#core';
import { MockConnectorFactory } from './mock-connector.factory.js';

// The test kit's fixture switch, by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { ccFixturePath } from '../../../testing/src/cc-fixtures.js';

// Choreo Connect's own test definitions (read-only) are absent from a fresh clone: suites and
// tests that read them are declared with these, which skip them with the reason.
// eslint-disable-next-line no-restricted-imports
export { describeWithCcFixtures, itWithCcFixtures } from '../../../testing/src/cc-fixtures.js';

export type Document = Record<string, unknown>;

/** A Choreo Connect fixture definition, parsed. */
export function loadYaml(pathInFixtures: string): Document {
  return parse(readFileSync(ccFixturePath(pathInFixtures), 'utf8')) as Document;
}

const escapeToken = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Normalizes a parsed OpenAPI 2/3 document the way the definitions lib does for a mock API. */
export function mockApiOf(document: Document, options: Record<string, unknown> = {}): ApiDefinition {
  const openapi2 = document.swagger === '2.0';
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const resources: Resource[] = Object.entries(paths).map(([path, item]) => ({
    path,
    endpoints: {},
    location: `/paths/${escapeToken(path)}`,
    operations: HTTP_METHODS.filter((method) => item[method.toLowerCase()] !== undefined).map(
      (method): Operation => {
        const op = item[method.toLowerCase()];
        const produces = (op.produces ?? document.produces) as string[] | undefined;
        return {
          method,
          disableSecurity: false,
          security: [],
          responses: op.responses as Record<string, unknown> | undefined,
          ...(openapi2 && produces ? { produces } : {}),
          location: `/paths/${escapeToken(path)}/${method.toLowerCase()}`,
        };
      },
    ),
  }));
  const info = (document.info ?? {}) as Record<string, string>;
  return {
    id: 'mock-test-api',
    name: info.title ?? 'MockTest',
    version: String(info.version ?? '1.0.0'),
    type: 'HTTP',
    basePath: String(document['x-wso2-basePath'] ?? '/mock'),
    isDefaultVersion: false,
    organization: 'carbon.super',
    lifecycle: 'PUBLISHED',
    prototyped: false,
    connector: { type: 'mock', options },
    endpoints: {},
    resources,
    disableSecurity: false,
    authHeader: 'authorization',
    securitySchemes: {},
    apiYamlSecuritySchemes: [],
    mutualSsl: 'none',
    applicationSecurityMandatory: false,
    clientCertificates: [],
    http2Backend: false,
    deploymentTargets: [],
    definition: { format: openapi2 ? 'openapi2' : 'openapi3', document },
  };
}

/** An OpenAPI 3 document from YAML text of its paths (and components), indented by two spaces. */
export function openApi3(paths: string, components = ''): Document {
  return parse(
    `openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n${paths}\ncomponents:\n${components || '  {}'}\n`,
  ) as Document;
}

/** A mock connector for a document, built as the gateway builds it. */
export function connectorFor(document: Document, options: Record<string, unknown> = {}): Connector {
  return new MockConnectorFactory().create(clusterSpecOf(mockApiOf(document, options)));
}

export function clusterSpecOf(api: ApiDefinition): ClusterSpec {
  return {
    api,
    endpointSet: { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE', location: '#/x-portico-mock' },
    options: api.connector.options,
  };
}

export function operationOf(api: ApiDefinition, path: string, method: HttpMethod = 'GET'): Operation {
  const operation = api.resources.find((r) => r.path === path)?.operations.find((o) => o.method === method);
  if (!operation) throw new Error(`no ${method} ${path} in the test API`);
  return operation;
}

export function upstreamRequest(
  operation: Operation | undefined,
  headers: HeaderMap = {},
  overrides: Partial<UpstreamRequest> = {},
): UpstreamRequest {
  return {
    endpoint: -1,
    method: operation?.method ?? 'GET',
    path: '/',
    headers,
    body: null,
    cancellation: { requested: false, onCancel: () => undefined },
    principal: undefined,
    timeoutMs: 60_000,
    operation,
    ...overrides,
  };
}

export interface CapturedResponse {
  readonly statusCode: number;
  readonly headers: HeaderMap;
  readonly body: string;
}

/** A ResponseTarget over a real stream that records the head and collects the body. */
export function capturingTarget(): { readonly target: ResponseTarget; readonly response: Promise<CapturedResponse> } {
  let accepted: ((head: ResponseHead) => void) | undefined;
  const head = new Promise<ResponseHead>((resolveHead) => (accepted = resolveHead));
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolveEnd, reject) => {
    stream.on('end', resolveEnd);
    stream.on('error', reject);
  });
  let calls = 0;
  const target: ResponseTarget = {
    accept(responseHead) {
      calls += 1;
      if (calls > 1) throw new Error('accept() called twice');
      accepted?.(responseHead);
      return stream;
    },
  };
  const response = Promise.all([head, ended]).then(([h]) => ({
    statusCode: h.statusCode,
    headers: h.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  }));
  return { target, response };
}

export interface ForwardResult extends CapturedResponse {
  readonly outcome: ForwardOutcome;
}

/** Sends one request through a connector and waits for the complete captured answer. */
export async function forwardThrough(
  connector: Connector,
  operation: Operation | undefined,
  headers: HeaderMap = {},
  overrides: Partial<UpstreamRequest> = {},
): Promise<ForwardResult> {
  const { target, response } = capturingTarget();
  const outcome = await connector.forward(upstreamRequest(operation, headers, overrides), target);
  return { ...(await response), outcome };
}
