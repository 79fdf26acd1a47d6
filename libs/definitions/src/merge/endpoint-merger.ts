import type { KeyType } from '#core';
import { apiYamlEndpointDraft, apiYamlRouteConfig } from '../api-yaml/api-yaml-endpoints.js';
import type { ApiYamlInfo } from '../api-yaml/api-yaml.js';
import type { ParsedDefinition } from '../definition/parsed-definition.js';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import type { EndpointContext } from '../endpoints/endpoint-object.js';
import {
  PRODUCTION_EXTENSION,
  readEndpointExtension,
  readEndpointRegistry,
  SANDBOX_EXTENSION,
  type EndpointExtension,
  type EndpointRegistry,
} from '../endpoints/endpoint-references.js';
import { childPointer, jsonPointer } from '../json/json-pointer.js';
import type { JsonObject } from '../json/json-value.js';

export type DraftsByKey = Partial<Record<KeyType, EndpointDraft>>;

const EXTENSIONS: Readonly<Record<KeyType, EndpointExtension>> = {
  PRODUCTION: PRODUCTION_EXTENSION,
  SANDBOX: SANDBOX_EXTENSION,
};

export interface MergedEndpoints {
  readonly api: DraftsByKey;
  /** Resource-level sets, parallel to the definition's resources. */
  readonly resources: readonly DraftsByKey[];
  readonly registry: EndpointRegistry;
}

/**
 * Endpoints in Choreo Connect's merge order (spec §3.4 steps 1–3 and 8): api.yaml, then the
 * definition's host/servers, then the endpoint extensions; api.yaml's actionDuration and
 * retryTimeOut fill in what the API-level sets leave unset.
 */
export function mergeEndpoints(definition: ParsedDefinition, apiYaml: ApiYamlInfo | undefined, ctx: EndpointContext): MergedEndpoints {
  const apiYamlCtx: EndpointContext | undefined = apiYaml && { ...ctx, file: apiYaml.file };
  const api: DraftsByKey = {};
  for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
    const draft = apiYaml && apiYamlCtx ? apiYamlEndpointDraft(apiYaml, key, apiYamlCtx) : undefined;
    if (draft) api[key] = draft;
  }
  const fromServers = definition.endpoints.PRODUCTION !== undefined;
  if (definition.endpoints.PRODUCTION) api.PRODUCTION = definition.endpoints.PRODUCTION;
  if (definition.clearsSandbox) delete api.SANDBOX;
  if (definition.endpoints.SANDBOX) api.SANDBOX = definition.endpoints.SANDBOX;

  const root = definition.document;
  const registry = readEndpointRegistry(root, ctx);
  const fromExtensions = new Set<KeyType>();
  for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
    if (root[EXTENSIONS[key]] === undefined) continue;
    fromExtensions.add(key);
    const draft = readEndpointExtension(root[EXTENSIONS[key]], EXTENSIONS[key], key, jsonPointer(EXTENSIONS[key]), registry, ctx);
    if (draft) api[key] = draft;
  }
  // A sandbox-only definition must not keep the production endpoint host/servers produced.
  if (fromExtensions.has('SANDBOX') && !fromExtensions.has('PRODUCTION') && fromServers) delete api.PRODUCTION;

  if (apiYaml && apiYamlCtx) {
    for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
      const set = api[key];
      if (!set) continue;
      const config = apiYamlRouteConfig(apiYaml, key, apiYamlCtx);
      api[key] = { ...set, timeoutMs: set.timeoutMs ?? config.timeoutMs, retry: set.retry ?? config.retry };
    }
  }
  const resources = definition.resources.map((resource) => resourceDrafts(resource.path, resource.pointer, resource.item, resource.servers, registry, ctx));
  return { api, resources, registry };
}

/** Path-item `servers`, then the path item's endpoint extensions, per key type (spec §6.4). */
function resourceDrafts(
  path: string,
  pointer: string,
  item: JsonObject,
  servers: EndpointDraft | undefined,
  registry: EndpointRegistry,
  ctx: EndpointContext,
): DraftsByKey {
  const drafts: DraftsByKey = servers ? { PRODUCTION: servers } : {};
  for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
    const value = item[EXTENSIONS[key]];
    if (value === undefined) continue;
    const draft = readEndpointExtension(value, EXTENSIONS[key], `${path} ${key}`, childPointer(pointer, EXTENSIONS[key]), registry, ctx);
    if (draft) drafts[key] = draft;
  }
  return drafts;
}
