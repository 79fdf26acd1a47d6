import { entriesInSourceOrder } from '#core';
import { dereference, isJsonObject, type JsonObject } from './local-reference.js';
import {
  isExampleValue,
  type ExtractedExample,
  type ExtractedHeader,
  type ExtractedMediaType,
  type ResponseExtractor,
} from './extracted-response.js';
import { sampleOfSchema } from './schema-sample.js';

/**
 * OpenAPI 3.x: per media type of `content`, a single `example` (empty name) wins over the named
 * `examples` (their `value`); without either, a sample of the media type's `schema` when enabled.
 * Headers contribute their `example`. `$ref`s to responses, headers and examples are followed.
 */
export const extractOas3Response: ResponseExtractor = (response, context) => {
  const resolved = dereference(context.document, response);
  if (!isJsonObject(resolved)) return undefined;
  const content: ExtractedMediaType[] = [];
  if (isJsonObject(resolved.content)) {
    for (const [mediaType, media] of entriesInSourceOrder(resolved.content)) {
      if (!isJsonObject(media)) continue;
      const examples = mediaTypeExamples(media, context.document);
      if (examples.length === 0 && context.generateExamples) {
        const generated = sampleOfSchema(media.schema, context.document);
        if (isExampleValue(generated)) examples.push({ name: '', value: generated });
      }
      if (examples.length > 0) content.push({ mediaType, examples });
    }
  }
  return { headers: headerExamples(resolved.headers, context.document), content };
};

function mediaTypeExamples(media: JsonObject, document: JsonObject): ExtractedExample[] {
  if (isExampleValue(media.example)) return [{ name: '', value: media.example }];
  const examples: ExtractedExample[] = [];
  if (!isJsonObject(media.examples)) return examples;
  for (const [name, example] of entriesInSourceOrder(media.examples)) {
    const resolved = dereference(document, example);
    if (isJsonObject(resolved) && isExampleValue(resolved.value)) examples.push({ name, value: resolved.value });
  }
  return examples;
}

function headerExamples(headers: unknown, document: JsonObject): ExtractedHeader[] {
  const extracted: ExtractedHeader[] = [];
  if (!isJsonObject(headers)) return extracted;
  for (const [name, header] of entriesInSourceOrder(headers)) {
    const resolved = dereference(document, header);
    if (isJsonObject(resolved) && isExampleValue(resolved.example)) extracted.push({ name, value: resolved.example });
  }
  return extracted;
}
