import type { DefinitionFormat } from '#core';
import type { JsonObject } from '../json/json-value.js';

/**
 * The format named by the top-level `swagger`, `openapi` or `asyncapi` key (spec §3.3), or
 * undefined when the document names none Portico reads.
 */
export function definitionFormatOf(document: JsonObject): DefinitionFormat | undefined {
  const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  if (/^2(\.0)?$/.test(text(document.swagger))) return 'openapi2';
  if (/^3(\.\d+){0,2}$/.test(text(document.openapi))) return 'openapi3';
  if (/^2(\.\d+){0,2}$/.test(text(document.asyncapi))) return 'asyncapi2';
  return undefined;
}

export const UNSUPPORTED_VERSION_MESSAGE = 'API version not specified or not supported';
