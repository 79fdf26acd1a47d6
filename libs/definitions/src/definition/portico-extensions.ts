import { ENDPOINT_OBJECT_PLACES, ENDPOINT_PORTICO_EXTENSIONS } from '../endpoints/portico-endpoint-extensions.js';
import { childPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

/**
 * Every `x-portico-*` extension Portico reads at the root (project/connector-choice.ts,
 * definition/backend-jwt-extension.ts, definition/soap-errors-extension.ts,
 * definition/wsdl-extension.ts). Those of
 * endpoint objects are checked where the objects are read: this walk does not enter `x-wso2-*`.
 */
export const PORTICO_EXTENSIONS: readonly string[] = ['x-portico-mock', 'x-portico-connector', 'x-portico-backend-jwt', 'x-portico-soap-errors', 'x-portico-soap', 'x-portico-wsdl'];

/** Those Portico reads on an operation (definition/soap-extension.ts). */
export const OPERATION_EXTENSIONS: readonly string[] = ['x-portico-soap'];

/** Keys of a path item that hold an operation. */
const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const PREFIX = 'x-portico-';

/** Keys whose values are data (examples, enumerations, defaults), not definition structure. */
const DATA_KEYS = new Set(['example', 'examples', 'x-example', 'enum', 'const', 'default']);

/** Maps whose keys are names the author chose (properties, headers, components), not extensions. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'headers', 'encoding', 'variables', 'scopes', 'mapping', 'links', 'callbacks']);
const ROOT_NAME_MAPS = new Set(['definitions', 'parameters', 'responses', 'securityDefinitions']);

/**
 * A misspelt Portico extension (`x-portico-mokc`) would be ignored without a word, so every
 * `x-portico-*` key of the definition's structure must be one Portico reads, where it reads it.
 * Example data, names the author chose (a property or header called `x-portico-id`) and the
 * values of other extensions are not looked into.
 */
export function checkPorticoExtensions(root: JsonObject, file: string, problems: ProblemCollector): void {
  walk(root, '', { root: true, namesOnly: false, parentKey: '' }, file, problems);
}

interface Place {
  readonly root: boolean;
  /** The keys here are names, so they are neither checked nor read as structure keys. */
  readonly namesOnly: boolean;
  readonly parentKey: string;
}

function walk(value: unknown, pointer: string, place: Place, file: string, problems: ProblemCollector): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => walk(item, childPointer(pointer, i), { root: false, namesOnly: false, parentKey: place.parentKey }, file, problems));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const at = childPointer(pointer, key);
    if (!place.namesOnly) {
      if (key.toLowerCase().startsWith(PREFIX)) {
        const read = place.root ? PORTICO_EXTENSIONS.includes(key) : OPERATION_KEYS.has(place.parentKey) && OPERATION_EXTENSIONS.includes(key);
        if (!read) problems.error('extension.unknown', unknownMessage(key), locationOf(file, at));
        continue;
      }
      // Other vendors' extensions and example data hold anything, including such keys.
      if (key.startsWith('x-') || (DATA_KEYS.has(key) && !(key === 'default' && place.parentKey === 'responses'))) continue;
    }
    const namesOnly = !place.namesOnly && (NAME_MAPS.has(key) || place.parentKey === 'components' || (place.root && ROOT_NAME_MAPS.has(key)));
    walk(child, at, { root: false, namesOnly, parentKey: place.namesOnly ? '' : key }, file, problems);
  }
}

function unknownMessage(key: string): string {
  const known = PORTICO_EXTENSIONS.join(', ');
  if (OPERATION_EXTENSIONS.includes(key)) return `${key} is read only at the root of the definition and on operations; here it would have no effect`;
  if (PORTICO_EXTENSIONS.includes(key)) return `${key} is read only at the root of the definition; here it would have no effect`;
  if (ENDPOINT_PORTICO_EXTENSIONS.includes(key)) return `${key} is read only in ${ENDPOINT_OBJECT_PLACES}; here it would have no effect`;
  return `unknown extension ${key}: Portico reads only ${known}, at the root of the definition`;
}
