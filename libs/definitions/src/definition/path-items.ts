import { HTTP_METHODS, type HttpMethod, type Operation, type SoapOperationMapping } from '#core';
import { readSoapOperation } from './soap-extension.js';
import { PRODUCTION_EXTENSION, SANDBOX_EXTENSION } from '../endpoints/endpoint-references.js';
import { childPointer, jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, stringOf, type JsonObject } from '../json/json-value.js';
import type { DefinitionContext, ParsedResource } from './parsed-definition.js';
import { operationDisablesSecurity, operationSecurity } from './security-normalizer.js';

const METHOD_KEYS = new Map<string, HttpMethod>(HTTP_METHODS.map((m) => [m.toLowerCase(), m]));

export interface PathItemOptions {
  /** OpenAPI 2 `produces` of the document, the default of each operation's. */
  readonly produces?: readonly string[];
  /** Reads a path item's own endpoints (OpenAPI 3 `servers`). */
  readonly servers?: (item: JsonObject, pointer: string, path: string) => ParsedResource['servers'];
}

/** Every path item of an OpenAPI document as a resource, in definition order. */
export function readPathItems(root: JsonObject, ctx: DefinitionContext, options: PathItemOptions): ParsedResource[] {
  const paths = root.paths;
  if (paths === undefined) return [];
  if (!isObject(paths)) {
    ctx.problems.error('definition.paths-invalid', 'paths must be a map of path items', locationOf(ctx.file, jsonPointer('paths')));
    return [];
  }
  const resources: ParsedResource[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const pointer = jsonPointer('paths', path);
    if (!isObject(item)) {
      ctx.problems.error('definition.paths-invalid', `path item ${path} must be a map of operations`, locationOf(ctx.file, pointer));
      continue;
    }
    resources.push({
      // Choreo Connect drops a query part of the template.
      path: path.split('?')[0],
      pointer,
      item,
      operations: readOperations(root, item, pointer, ctx, options),
      servers: options.servers?.(item, pointer, path),
    });
  }
  return resources;
}

function readOperations(root: JsonObject, item: JsonObject, itemPointer: string, ctx: DefinitionContext, options: PathItemOptions): Operation[] {
  const operations: Operation[] = [];
  for (const [key, value] of Object.entries(item)) {
    const method = METHOD_KEYS.get(key);
    if (!method) continue;
    const pointer = childPointer(itemPointer, key);
    if (!isObject(value)) {
      ctx.problems.error('definition.paths-invalid', `operation ${key} must be a map`, locationOf(ctx.file, pointer));
      continue;
    }
    warnOperationLevelEndpoints(value, pointer, ctx);
    operations.push({
      method,
      operationId: stringOf(value.operationId),
      disableSecurity: operationDisablesSecurity(value, item, root),
      security: operationSecurity(value, root),
      responses: isObject(value.responses) ? value.responses : undefined,
      produces: stringList(value.produces) ?? options.produces,
      location: pointer,
      ...soapMappingOf(value, pointer, ctx),
    });
  }
  return operations;
}

function soapMappingOf(operation: JsonObject, pointer: string, ctx: DefinitionContext): { soap?: SoapOperationMapping } {
  const soap = readSoapOperation(operation, pointer, ctx.file, ctx.problems);
  return soap === undefined ? {} : { soap };
}

/** Choreo Connect reads endpoint extensions on the path item only (spec §6.1). */
function warnOperationLevelEndpoints(operation: JsonObject, pointer: string, ctx: DefinitionContext): void {
  for (const extension of [PRODUCTION_EXTENSION, SANDBOX_EXTENSION]) {
    if (operation[extension] === undefined) continue;
    ctx.problems.warn(
      'endpoint.extension-ignored',
      `${extension} inside an operation is ignored (as in Choreo Connect); move it to the path item to apply it to the resource`,
      locationOf(ctx.file, childPointer(pointer, extension)),
    );
  }
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}
