import { type Document, isScalar, visit, YAMLParseError } from 'yaml';

/**
 * The first key written twice in one mapping, as the yaml library reports it with `uniqueKeys`
 * (equal scalar values), but found in linear time: the library compares each key with every
 * earlier key of its mapping, so one mapping of 250,000 keys (3 MB) kept it busy for hours.
 */
export function firstDuplicateKey(doc: Document.Parsed): YAMLParseError | undefined {
  let first: YAMLParseError | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
        } else {
          const at = key.range?.[0] ?? 0;
          if (first === undefined || at < first.pos[0]) first = new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
          return;
        }
      }
    },
  });
  return first;
}
