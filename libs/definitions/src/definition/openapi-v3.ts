import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, textOf, type JsonObject } from '../json/json-value.js';
import type { DefinitionContext, ParsedDefinition } from './parsed-definition.js';
import { readPathItems } from './path-items.js';
import { readServerUrls } from './server-urls.js';

/**
 * OpenAPI 3 (spec §3.3): absolute `servers` URLs become the production endpoints and the path of
 * the last one the base path; path-item `servers` become that resource's production endpoints.
 */
export function readOpenApiV3(root: JsonObject, ctx: DefinitionContext): ParsedDefinition {
  const servers = ctx.prototyped ? {} : readServerUrls(root.servers, jsonPointer('servers'), 'PRODUCTION', ctx);
  const info = isObject(root.info) ? root.info : {};
  const components = isObject(root.components) ? root.components : {};
  return {
    format: 'openapi3',
    file: ctx.file,
    document: root,
    title: textOf(info.title),
    version: textOf(info.version),
    basePath: servers.last && servers.last.url.basePath !== ''
      ? { value: servers.last.url.basePath, location: locationOf(ctx.file, servers.last.pointer) }
      : undefined,
    endpoints: servers.draft ? { PRODUCTION: servers.draft } : {},
    clearsSandbox: false,
    resources: readPathItems(root, ctx, {
      servers: (item, pointer, path) => readServerUrls(item.servers, `${pointer}${jsonPointer('servers')}`, `${path} PRODUCTION`, ctx).draft,
    }),
    securitySchemes: isObject(components.securitySchemes) ? components.securitySchemes : {},
  };
}
