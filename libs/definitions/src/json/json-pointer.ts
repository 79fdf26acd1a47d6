/** RFC 6901 pointer from path segments: `['paths', '/pet']` → `/paths/~1pet`. */
export function jsonPointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Appends segments to an existing pointer. */
export function childPointer(base: string, ...segments: readonly (string | number)[]): string {
  return base + jsonPointer(...segments);
}

/** A problem location: `Definitions/swagger.yaml#/paths/~1pet` (the file alone for the root). */
export function locationOf(file: string, pointer: string): string {
  return pointer === '' ? file : `${file}#${pointer}`;
}
