import { entriesInSourceOrder } from '#core';
import { dereference, isJsonObject } from './local-reference.js';
import { isExampleValue, type ExtractedHeader, type ExtractedMediaType, type ResponseExtractor } from './extracted-response.js';
import { sampleOfSchema } from './schema-sample.js';

/** Media type of a generated sample when the operation declares no `produces`. */
const DEFAULT_SAMPLE_MEDIA_TYPE = 'application/json';

/**
 * OpenAPI 2.0: the response's `examples` map (media type → example value, one unnamed example
 * each), then, when enabled, a sample of the response `schema` for every `produces` media type
 * the map does not cover. Headers contribute `x-example` (else `example`).
 */
export const extractOas2Response: ResponseExtractor = (response, context) => {
  const resolved = dereference(context.document, response);
  if (!isJsonObject(resolved)) return undefined;
  const content: ExtractedMediaType[] = [];
  if (isJsonObject(resolved.examples)) {
    for (const [mediaType, value] of entriesInSourceOrder(resolved.examples)) {
      if (isExampleValue(value)) content.push({ mediaType, examples: [{ name: '', value }] });
    }
  }
  if (context.generateExamples && resolved.schema !== undefined) {
    const offered = new Set(context.produces.length > 0 ? context.produces : [DEFAULT_SAMPLE_MEDIA_TYPE]);
    const uncovered = [...offered].filter((mediaType) => !content.some((media) => media.mediaType === mediaType));
    const generated = uncovered.length > 0 ? sampleOfSchema(resolved.schema, context.document) : undefined;
    if (isExampleValue(generated)) {
      for (const mediaType of uncovered) content.push({ mediaType, examples: [{ name: '', value: generated }] });
    }
  }
  return { headers: headerExamples(resolved.headers), content };
};

function headerExamples(headers: unknown): ExtractedHeader[] {
  const extracted: ExtractedHeader[] = [];
  if (!isJsonObject(headers)) return extracted;
  for (const [name, header] of entriesInSourceOrder(headers)) {
    if (!isJsonObject(header)) continue;
    const value = isExampleValue(header['x-example']) ? header['x-example'] : header.example;
    if (isExampleValue(value)) extracted.push({ name, value });
  }
  return extracted;
}
