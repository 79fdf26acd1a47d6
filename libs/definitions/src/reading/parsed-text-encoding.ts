import { keysInSourceOrder, recordSourceKeyOrder } from '#core';
import { isObject, type JsonObject } from '../json/json-value.js';
import { useSparseElements } from './plain-data.js';

/** Where an object's written key order travels in the JSON text (JSON lists integer-like keys first). */
const ORDER = '\u0000order';
const INDEX_KEY = /^(0|[1-9][0-9]{0,8})$/;

/**
 * Parsed data as JSON text that keeps what the reader recorded: the written key order of objects
 * whose JavaScript order differs. Undefined when the data cannot be written this way (a cycle
 * from a recursive YAML alias, or a key that collides with the marker).
 */
export function encodeParsedData(data: JsonObject): string | undefined {
  try {
    return JSON.stringify(data, function (this: unknown, _key: string, value: unknown) {
      if (!isObject(value) || Array.isArray(value)) return value;
      if (Object.hasOwn(value, ORDER)) throw new Error('reserved key');
      const order = keysInSourceOrder(value);
      const keys = Object.keys(value);
      return order.every((key, i) => key === keys[i]) ? value : { [ORDER]: order, ...value };
    });
  } catch {
    return undefined;
  }
}

/** The data `encodeParsedData` wrote, as the reader would have produced it. */
export function decodeParsedData(text: string): JsonObject | undefined {
  const data: unknown = JSON.parse(text);
  return isObject(data) ? (revive(data) as JsonObject) : undefined;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (!isObject(value)) return value;
  const order = value[ORDER];
  const keys = Object.keys(value);
  if (order === undefined && !keys.some((k) => INDEX_KEY.test(k))) {
    for (const key of keys) value[key] = revive(value[key]);
    return value;
  }
  // Rebuilt: JSON.parse stores integer-like keys densely (see useSparseElements).
  const object: JsonObject = {};
  useSparseElements(object);
  for (const key of keys) {
    if (key !== ORDER) Object.defineProperty(object, key, { value: revive(value[key]), writable: true, enumerable: true, configurable: true });
  }
  if (Array.isArray(order)) recordSourceKeyOrder(object, order as string[]);
  return object;
}
