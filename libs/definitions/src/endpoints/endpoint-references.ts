import { childPointer, jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { EndpointDraft } from './endpoint-draft.js';
import { readEndpointObject, type EndpointContext } from './endpoint-object.js';

export const PRODUCTION_EXTENSION = 'x-wso2-production-endpoints';
export const SANDBOX_EXTENSION = 'x-wso2-sandbox-endpoints';
export type EndpointExtension = typeof PRODUCTION_EXTENSION | typeof SANDBOX_EXTENSION;

const REFERENCE_PREFIX = '#/x-wso2-endpoints/';

/** The shared endpoint sets of `x-wso2-endpoints`, by name. */
export interface EndpointRegistry {
  readonly drafts: ReadonlyMap<string, EndpointDraft>;
  /** Every declared name, including entries that failed to read (their problems are reported). */
  readonly declared: ReadonlySet<string>;
}

/**
 * Reads `x-wso2-endpoints`: a list of single-key maps `{ <name>: <endpoint object> }`
 * (spec §6.1). Every entry is read, referenced or not, so its problems are reported.
 */
export function readEndpointRegistry(root: JsonObject, ctx: EndpointContext): EndpointRegistry {
  const registry = { drafts: new Map<string, EndpointDraft>(), declared: new Set<string>() };
  const list = root['x-wso2-endpoints'];
  if (list === undefined) return registry;
  const listPointer = jsonPointer('x-wso2-endpoints');
  if (!Array.isArray(list)) {
    ctx.problems.error('endpoint.reference-invalid', 'x-wso2-endpoints must be a list of { <name>: <endpoint> } entries', locationOf(ctx.file, listPointer));
    return registry;
  }
  list.forEach((entry: unknown, i) => {
    if (!isObject(entry)) {
      ctx.problems.error('endpoint.reference-invalid', 'each entry of x-wso2-endpoints must be a map { <name>: <endpoint> }', locationOf(ctx.file, childPointer(listPointer, i)));
      return;
    }
    for (const [name, value] of Object.entries(entry)) {
      const pointer = childPointer(listPointer, i, name);
      registry.declared.add(name);
      if (!isObject(value)) {
        ctx.problems.error('endpoint.urls-missing', `x-wso2-endpoints entry ${name} must be an endpoint object with urls`, locationOf(ctx.file, pointer));
        continue;
      }
      const draft = readEndpointObject(value, `ref:${name}`, name, pointer, ctx);
      if (draft) registry.drafts.set(name, draft);
    }
  });
  return registry;
}

/**
 * Reads the value of `x-wso2-production-endpoints` / `x-wso2-sandbox-endpoints` (API or path
 * item level): an endpoint object, or a reference into `x-wso2-endpoints`. `name` is the name the
 * set gets when it is written inline.
 */
export function readEndpointExtension(
  value: unknown,
  extension: EndpointExtension,
  name: string,
  pointer: string,
  registry: EndpointRegistry,
  ctx: EndpointContext,
): EndpointDraft | undefined {
  const location = locationOf(ctx.file, pointer);
  if (isObject(value)) return readEndpointObject(value, name, extension, pointer, ctx);
  if (typeof value === 'string') {
    const referenced = value.startsWith(REFERENCE_PREFIX) ? value.slice(REFERENCE_PREFIX.length) : undefined;
    const target = referenced === undefined ? undefined : registry.drafts.get(referenced);
    // A declared entry that failed to read has its own problems already.
    if (!target && (referenced === undefined || !registry.declared.has(referenced))) ctx.problems.error('endpoint.reference-invalid', `Invalid endpoint reference ${value}`, location);
    return target;
  }
  ctx.problems.error('endpoint.urls-missing', `${extension} must be an endpoint object with urls or a reference "${REFERENCE_PREFIX}<name>"`, location);
  return undefined;
}
