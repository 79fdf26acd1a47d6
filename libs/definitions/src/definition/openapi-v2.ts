import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import { parseEndpointUrl } from '../endpoints/endpoint-url.js';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, textOf, type JsonObject } from '../json/json-value.js';
import type { DefinitionContext, ParsedDefinition } from './parsed-definition.js';
import { readPathItems, stringList } from './path-items.js';

/**
 * OpenAPI 2 (spec §3.3): `basePath` is the base path; `host` (with https preferred among the
 * `schemes`) plus `basePath` is the production endpoint, and it clears the sandbox endpoint.
 */
export function readOpenApiV2(root: JsonObject, ctx: DefinitionContext): ParsedDefinition {
  const info = isObject(root.info) ? root.info : {};
  const basePath = textOf(root.basePath);
  const host = ctx.prototyped ? undefined : textOf(root.host);
  const hostEndpoint = host === undefined ? undefined : readHost(host, basePath ?? '', stringList(root.schemes) ?? [], ctx);
  return {
    format: 'openapi2',
    file: ctx.file,
    document: root,
    title: textOf(info.title),
    version: textOf(info.version),
    basePath: basePath === undefined ? undefined : { value: basePath, location: locationOf(ctx.file, jsonPointer('basePath')) },
    endpoints: hostEndpoint ? { PRODUCTION: hostEndpoint } : {},
    clearsSandbox: host !== undefined,
    resources: readPathItems(root, ctx, { produces: stringList(root.produces) }),
    securitySchemes: isObject(root.securityDefinitions) ? root.securityDefinitions : {},
  };
}

function readHost(host: string, basePath: string, schemes: readonly string[], ctx: DefinitionContext): EndpointDraft | undefined {
  const scheme = schemes.includes('https') ? 'https' : 'http';
  const location = locationOf(ctx.file, jsonPointer('host'));
  const parsed = parseEndpointUrl(`${scheme}://${host}${basePath}`, ctx.family);
  if ('problem' in parsed) {
    ctx.problems.error(parsed.problem.code, parsed.problem.message, location);
    return undefined;
  }
  return { name: 'PRODUCTION', urls: [parsed.url], policy: 'LOAD_BALANCE', location };
}
