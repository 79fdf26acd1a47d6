import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DeployRejectedError, type ApiSource, type LoadedApi, type Problem } from '#core';
import { EnvironmentSettings, GatewaySettings } from '#settings';
import { loadApiDefinition } from './load-api-definition.js';
// The test kit's fixture switch, by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { ccFixturePath } from '../../testing/src/cc-fixtures.js';
// eslint-disable-next-line no-restricted-imports
import { zipOf as zipEntries } from '../../testing/src/project-zip.js';

// Choreo Connect's own test data (read-only, see its README.md) is absent from a fresh clone:
// suites and tests that read it are declared with these, which skip them with the reason.
// eslint-disable-next-line no-restricted-imports
export { describeWithCcFixtures, itWithCcFixtures } from '../../testing/src/cc-fixtures.js';

export function fixturePath(relative: string): string {
  return ccFixturePath(relative);
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

export interface SettingsOverrides {
  readonly apiOverrides?: Record<string, string>;
  readonly environments?: readonly { name: string; vhost: string }[];
  readonly maxUploadBytes?: number;
}

/** Default settings, as the settings loader would give them without a config file. */
export function testSettings(overrides: SettingsOverrides = {}): GatewaySettings {
  const settings = new GatewaySettings();
  settings.baseDir = process.cwd();
  settings.apiOverrides = overrides.apiOverrides ?? {};
  settings.passwordsFromEnv = {};
  if (overrides.environments) settings.environments = overrides.environments.map((e) => Object.assign(new EnvironmentSettings(), e));
  if (overrides.maxUploadBytes !== undefined) settings.admin.maxUploadBytes = overrides.maxUploadBytes;
  return settings;
}

export type ProjectContent = Readonly<Record<string, string | Buffer>>;

/** Writes a project folder in a fresh temp dir; returns the folder. */
export function writeProject(files: ProjectContent): string {
  const root = mkdtempSync(join(tmpdir(), 'portico-definitions-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Zips files in memory, as apictl does. */
export const zipOf = (files: ProjectContent): Promise<Buffer> => zipEntries(files);

/**
 * The api.yaml `apictl init --oas <definition>` writes: name from the title without spaces, the
 * definition's version, a context, and endpointConfig from the definition's endpoints.
 */
export function apictlApiYaml(definitionText: string, extra: Record<string, unknown> = {}): string {
  const doc: unknown = parseYaml(definitionText);
  const isAsync = dig(doc, 'asyncapi') !== undefined;
  const title = String(dig(doc, 'info', 'title') ?? 'Api').replace(/ /g, '');
  const url = firstEndpointOf(doc) ?? (isAsync ? 'ws://backend.example:8080' : 'http://backend.example:8080');
  const data = {
    name: title,
    context: `/${title.toLowerCase()}`,
    version: String(dig(doc, 'info', 'version') ?? '1.0.0'),
    provider: 'admin',
    lifeCycleStatus: 'CREATED',
    type: isAsync ? 'WS' : 'HTTP',
    endpointConfig: { endpoint_type: isAsync ? 'ws' : 'http', production_endpoints: { url }, sandbox_endpoints: { url } },
    endpointImplementationType: 'ENDPOINT',
    ...extra,
  };
  return JSON.stringify({ type: 'api', version: 'v4.1.0', data }, null, 2);
}

function firstEndpointOf(doc: unknown): string | undefined {
  const extension = dig(doc, 'x-wso2-production-endpoints', 'urls', 0) ?? dig(doc, 'x-wso2-sandbox-endpoints', 'urls', 0);
  if (typeof extension === 'string') return extension;
  const host = dig(doc, 'host');
  if (typeof host === 'string') return `http://${host}${String(dig(doc, 'basePath') ?? '')}`;
  if (dig(doc, 'asyncapi') !== undefined) return (dig(doc, 'servers', 'production', 'url') ?? dig(doc, 'servers', 'sandbox', 'url')) as string | undefined;
  const servers = dig(doc, 'servers');
  return Array.isArray(servers) ? servers.map((s) => String(dig(s, 'url'))).find((u) => u.includes('://')) : undefined;
}

/** Reads a nested value of parsed YAML. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let node = value;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}

/** A project folder `<name>/api.yaml` + `<name>/Definitions/swagger.yaml` (or asyncapi.yaml). */
export function projectOf(definitionText: string, apiYaml: string, more: ProjectContent = {}, name = 'Project'): ProjectContent {
  const isAsync = /^asyncapi:/m.test(definitionText) || /"asyncapi"\s*:/.test(definitionText);
  return {
    [`${name}/api.yaml`]: apiYaml,
    [`${name}/Definitions/${isAsync ? 'asyncapi' : 'swagger'}.yaml`]: definitionText,
    ...Object.fromEntries(Object.entries(more).map(([path, content]) => [`${name}/${path}`, content])),
  };
}

export function loadDocument(text: string, settings = testSettings(), name = 'definition.yaml'): Promise<LoadedApi> {
  return loadApiDefinition({ kind: 'document', text, name }, settings);
}

export function loadFolder(files: ProjectContent, settings = testSettings()): Promise<LoadedApi> {
  return loadApiDefinition({ kind: 'folder', path: writeProject(files) }, settings);
}

export async function loadZip(files: ProjectContent, settings = testSettings()): Promise<LoadedApi> {
  return loadApiDefinition({ kind: 'zip', data: await zipOf(files) }, settings);
}

/** The problems a load was rejected with; fails the test when it was accepted. */
export async function problemsOf(load: Promise<LoadedApi> | ApiSource, settings = testSettings()): Promise<readonly Problem[]> {
  const promise = 'kind' in load ? loadApiDefinition(load, settings) : load;
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeployRejectedError) return error.problems;
    throw error;
  }
  throw new Error('expected the load to be rejected');
}

/** A valid OpenAPI 3 document in JSON; `extra` overrides root keys. */
export function oas3(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Pets', version: '1.0.0' },
    'x-wso2-basePath': '/pets',
    'x-wso2-production-endpoints': { urls: ['http://backend.example:8080/v1'] },
    paths: { '/pet': { get: { responses: { '200': { description: 'ok' } } } } },
    ...extra,
  });
}
