import type { KeyType, Operation } from '#core';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import { parseEndpointUrl } from '../endpoints/endpoint-url.js';
import { childPointer, jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, stringOf, textOf, type JsonObject } from '../json/json-value.js';
import type { DefinitionContext, ParsedDefinition, ParsedResource } from './parsed-definition.js';
import { channelDisablesSecurity } from './security-normalizer.js';

const SERVERS: Readonly<Record<KeyType, string>> = { PRODUCTION: 'production', SANDBOX: 'sandbox' };

/**
 * AsyncAPI 2 for WebSocket APIs (spec §10.2): `servers.production` / `servers.sandbox` are the
 * endpoints; every channel is a resource accepting the upgrade GET, configured by its publish
 * operation (else subscribe); channels with neither are discarded.
 */
export function readAsyncApi(root: JsonObject, ctx: DefinitionContext): ParsedDefinition {
  const info = isObject(root.info) ? root.info : {};
  const components = isObject(root.components) ? root.components : {};
  const endpoints: Partial<Record<KeyType, EndpointDraft>> = {};
  if (!ctx.prototyped) {
    for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
      const draft = readServer(root.servers, key, ctx);
      if (draft) endpoints[key] = draft;
    }
  }
  return {
    format: 'asyncapi2',
    file: ctx.file,
    document: root,
    title: textOf(info.title),
    version: textOf(info.version),
    endpoints,
    clearsSandbox: false,
    resources: readChannels(root, ctx),
    securitySchemes: isObject(components.securitySchemes) ? components.securitySchemes : {},
  };
}

function readServer(servers: unknown, key: KeyType, ctx: DefinitionContext): EndpointDraft | undefined {
  const server = isObject(servers) ? servers[SERVERS[key]] : undefined;
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const pointer = jsonPointer('servers', SERVERS[key], 'url');
  const parsed = parseEndpointUrl(server.url, 'ws');
  if ('problem' in parsed) {
    ctx.problems.error(parsed.problem.code, parsed.problem.message, locationOf(ctx.file, pointer));
    return undefined;
  }
  return { name: key, urls: [parsed.url], policy: 'LOAD_BALANCE', location: locationOf(ctx.file, pointer) };
}

function readChannels(root: JsonObject, ctx: DefinitionContext): ParsedResource[] {
  const channels = root.channels;
  if (channels === undefined) return [];
  if (!isObject(channels)) {
    ctx.problems.error('definition.paths-invalid', 'channels must be a map of channel items', locationOf(ctx.file, jsonPointer('channels')));
    return [];
  }
  const resources: ParsedResource[] = [];
  for (const [name, channel] of Object.entries(channels)) {
    if (!isObject(channel)) continue;
    const opKey = isObject(channel.publish) ? 'publish' : isObject(channel.subscribe) ? 'subscribe' : undefined;
    if (!opKey) continue;
    const pointer = jsonPointer('channels', name);
    const scopes = scopesOf((channel[opKey] as JsonObject)['x-scopes']);
    const operation: Operation = {
      method: 'GET',
      disableSecurity: channelDisablesSecurity(channel, root),
      // x-scopes belong to the channel: asked of the OAuth2 token (API Manager's `default` scheme, spec §10.2).
      security: scopes.length === 0 ? [] : [{ default: scopes }],
      location: childPointer(pointer, opKey),
    };
    resources.push({
      path: name,
      pointer,
      item: channel,
      operations: [operation],
      uriMapping: stringOf((channel[opKey] as JsonObject)['x-uri-mapping']),
    });
  }
  return resources;
}

/** `x-scopes`: a list of scope names, or API Manager's numbered map (`"0": creator`). */
function scopesOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}
