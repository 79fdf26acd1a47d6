import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type ApiDefinition,
  type ApiSource,
  type DefinitionLoader,
  type DeploymentTarget,
  DeployRejectedError,
  type HttpMethod,
  type LoadedApi,
} from '#core';
import { definitionFromZip } from '../src/deploy/definition-file.js';

/**
 * A stand-in for #definitions while that lib is written: reads a tiny OpenAPI-like document
 * (`info.title`, `info.version`, `x-wso2-basePath`, `paths`, plus `x-test-targets` and
 * `x-test-connector`), from a document, a zip (`Definitions/swagger.yaml`) or a folder.
 * It can be slowed down to show that deploys are serialized.
 */
export class TinyDefinitionLoader implements DefinitionLoader {
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly loaded: string[] = [];

  async load(source: ApiSource): Promise<LoadedApi> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const api = toApi(await textOf(source));
      this.loaded.push(`${api.name}:${api.version}`);
      return { api, warnings: [] };
    } finally {
      this.inFlight--;
    }
  }

  /** The admin specs read no project files (the soap OpenAPI route is tested end to end). */
  readProjectFiles(): Promise<ReadonlyMap<string, Buffer>> {
    return Promise.reject(new DeployRejectedError([{ code: 'artifact.unreadable', message: 'the tiny test loader reads no project files' }]));
  }
}

async function textOf(source: ApiSource): Promise<string> {
  if (source.kind === 'document') return source.text;
  if (source.kind === 'folder') return readFile(join(source.path, 'Definitions', 'swagger.yaml'), 'utf8');
  let found;
  try {
    found = await definitionFromZip(source.data, 1024 * 1024);
  } catch (error) {
    throw new DeployRejectedError([{ code: 'artifact.unreadable', message: `not a zip file: ${(error as Error).message}` }]);
  }
  if (!found) throw new DeployRejectedError([{ code: 'project.definition-missing', message: 'no Definitions/swagger.yaml' }]);
  return found.body.toString('utf8');
}

function toApi(text: string): ApiDefinition {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new DeployRejectedError([{ code: 'document.syntax', message: (error as Error).message }]);
  }
  const info = (doc?.info ?? {}) as { title?: string; version?: string };
  if (!info.title || !info.version) {
    throw new DeployRejectedError([{ code: 'api.name-missing', message: 'info.title and info.version are required', location: '#/info' }]);
  }
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  return {
    id: `${info.title}-${info.version}`,
    name: info.title,
    version: String(info.version),
    type: 'HTTP',
    basePath: (doc['x-wso2-basePath'] as string | undefined) ?? `/${info.title.toLowerCase()}/${info.version}`,
    isDefaultVersion: false,
    organization: 'carbon.super',
    lifecycle: 'PUBLISHED',
    prototyped: false,
    connector: { type: (doc['x-test-connector'] as string | undefined) ?? 'rest', options: {} },
    endpoints: {
      PRODUCTION: { name: 'PRODUCTION', urls: [{ rawUrl: 'http://backend:8080/v1', scheme: 'http', host: 'backend', port: 8080, basePath: '/v1' }], policy: 'LOAD_BALANCE', location: '#/servers' },
    },
    resources: Object.entries(paths).map(([path, item]) => ({
      path,
      operations: Object.keys(item).map((m) => ({ method: m.toUpperCase() as HttpMethod, disableSecurity: false, security: [], location: `#/paths/${path}/${m}` })),
      endpoints: {},
      location: `#/paths/${path}`,
    })),
    disableSecurity: false,
    authHeader: 'authorization',
    securitySchemes: {},
    apiYamlSecuritySchemes: [],
    mutualSsl: 'none',
    applicationSecurityMandatory: false,
    clientCertificates: [],
    http2Backend: false,
    deploymentTargets: (doc['x-test-targets'] as DeploymentTarget[] | undefined) ?? [{ environment: 'Default', vhost: 'localhost' }],
    definition: { format: 'openapi3', document: doc },
  };
}
