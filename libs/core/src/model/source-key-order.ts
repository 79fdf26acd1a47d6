/**
 * JavaScript lists integer-like keys ('201', '404') before all others and in numeric order,
 * whatever order the document wrote them in. Where that order matters (the mock's "first
 * response", named examples, media types), the definition reader records the written order under
 * this symbol, non-enumerable, so copies of the data by JSON or spread never carry a stale list.
 */
const SOURCE_KEY_ORDER = Symbol.for('portico.sourceKeyOrder');

type Ordered = { readonly [SOURCE_KEY_ORDER]?: readonly string[] };

/** Records the order the source document wrote `object`'s keys in. */
export function recordSourceKeyOrder(object: object, keys: readonly string[]): void {
  Object.defineProperty(object, SOURCE_KEY_ORDER, { value: Object.freeze([...keys]), enumerable: false });
}

/**
 * The own enumerable keys of `object` in the order its source document wrote them, where the
 * reader recorded it; else in JavaScript's order. Keys added after reading come last.
 */
export function keysInSourceOrder(object: object): string[] {
  const recorded = (object as Ordered)[SOURCE_KEY_ORDER];
  const keys = Object.keys(object);
  if (!recorded) return keys;
  const present = new Set(keys);
  const ordered = recorded.filter((key) => present.has(key));
  if (ordered.length === keys.length) return ordered;
  const listed = new Set(ordered);
  return [...ordered, ...keys.filter((key) => !listed.has(key))];
}

/** `Object.entries` in source order (see keysInSourceOrder). */
export function entriesInSourceOrder<T>(object: Readonly<Record<string, T>>): [string, T][] {
  return keysInSourceOrder(object).map((key) => [key, object[key]]);
}
