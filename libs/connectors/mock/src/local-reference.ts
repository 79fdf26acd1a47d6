/** Longest `$ref` chain followed before giving up (guards against reference cycles). */
const MAX_REFERENCE_HOPS = 32;

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Follows `$ref`s local to the document (`#/components/examples/X`, `#/responses/Y`, …) until a
 * value without `$ref` is reached. References to other files, broken pointers and cycles give
 * undefined: the referencing example, header or response is then skipped, as CC skips them all.
 */
export function dereference(document: JsonObject, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isJsonObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops === MAX_REFERENCE_HOPS) return undefined;
    current = valueAtPointer(document, current.$ref);
  }
  return current;
}

function valueAtPointer(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = document;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isJsonObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Escapes a key for use as one token of a JSON pointer (RFC 6901). */
export function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
