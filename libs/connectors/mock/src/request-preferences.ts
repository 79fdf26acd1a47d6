import type { HeaderMap } from '#core';

/** What a request asks the mock for through `Prefer` (spec §10.5 step 1). */
export interface MockPreferences {
  /** The `code=` value as sent (trimmed, lower-cased); not yet checked. */
  readonly code?: string;
  /** The `example=` value; undefined when absent or empty. */
  readonly example?: string;
}

/** One header as a single string: repeated headers are joined as Node joins them. */
export function headerText(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Parses `Prefer` as CC does: comma-separated parts; a part counts only with exactly one `=`;
 * keys `code` and `example` (case-insensitive), the last occurrence winning. Values are trimmed
 * and lower-cased, unless `lowerCaseExampleNames` is off (then the example name keeps its case).
 */
export function parsePreferences(prefer: string | undefined, lowerCaseExampleNames: boolean): MockPreferences {
  if (prefer === undefined) return {};
  let code: string | undefined;
  let example: string | undefined;
  for (const part of prefer.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.indexOf('=', equals + 1) >= 0) continue;
    const key = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (key === 'code') code = value.toLowerCase();
    else if (key === 'example') example = lowerCaseExampleNames ? value.toLowerCase() : value;
  }
  return { code, example: example === '' ? undefined : example };
}
