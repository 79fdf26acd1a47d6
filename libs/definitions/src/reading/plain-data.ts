import { recordSourceKeyOrder } from '#core';

/**
 * Turns the `yaml` library's output with `mapAsMap` (Maps, which keep the document's key order)
 * into the plain objects the loader works with. Where JavaScript would list the keys in another
 * order (integer-like keys such as response codes come first, sorted), the written order is
 * recorded for `keysInSourceOrder`. Keys become text as the library itself would make them;
 * values shared through YAML aliases stay shared.
 */
export function toPlainData(value: unknown, converted: Map<object, unknown> = new Map()): unknown {
  if (typeof value === 'string') return ownCopy(value);
  if (value === null || typeof value !== 'object') return value;
  if (converted.has(value)) return converted.get(value);
  if (Array.isArray(value)) {
    // Sized up front: an array grown by push keeps room for 17 items.
    const array: unknown[] = new Array(value.length);
    converted.set(value, array);
    for (let i = 0; i < value.length; i++) array[i] = toPlainData(value[i], converted);
    return array;
  }
  if (!(value instanceof Map)) return value;
  const object: Record<string, unknown> = {};
  if (hasIndexKey(value)) useSparseElements(object);
  converted.set(value, object);
  const written: string[] = [];
  for (const [key, item] of value) {
    const name = keyText(key, converted);
    if (!Object.hasOwn(object, name)) written.push(name);
    // defineProperty, not assignment: a `__proto__` key must stay an ordinary key.
    Object.defineProperty(object, name, { value: toPlainData(item, converted), writable: true, enumerable: true, configurable: true });
  }
  if (!sameOrder(Object.keys(object), written)) recordSourceKeyOrder(object, written);
  return object;
}

/** As the library names keys of plain objects: null → '', scalars as text, collections as JSON. */
function keyText(key: unknown, converted: Map<object, unknown>): string {
  if (key === null) return '';
  if (typeof key !== 'object') return String(key);
  return JSON.stringify(toPlainData(key, converted)) ?? '';
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

const INDEX_KEY = /^(0|[1-9][0-9]{0,8})$/;

function hasIndexKey(map: Map<unknown, unknown>): boolean {
  for (const key of map.keys()) if (INDEX_KEY.test(String(key))) return true;
  return false;
}

/**
 * V8 keeps integer-like keys (`'200'`, `'404'`: every `responses` object) in a dense array sized
 * by the largest one: about 5 KB per responses object, most of a loaded definition's memory. An
 * object that once held a far index keeps its integer keys in a small dictionary instead.
 */
export function useSparseElements(object: Record<string, unknown>): void {
  object[FAR_INDEX] = undefined;
  delete object[FAR_INDEX];
}

const FAR_INDEX = 1 << 30;

/**
 * The parser's strings are slices of the document's text, and a slice keeps the whole text alive
 * for as long as the deployment lives. A copy made through a concatenation references only itself.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
