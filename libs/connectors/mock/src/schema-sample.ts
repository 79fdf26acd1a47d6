import { sample } from 'openapi-sampler';
import type { JsonObject } from './local-reference.js';

/**
 * A response sample generated from a schema (`$ref`s resolved against the document), or
 * undefined when the schema cannot be sampled. Write-only properties are left out: they never
 * appear in responses.
 */
export function sampleOfSchema(schema: unknown, document: JsonObject): unknown {
  if (schema === null || typeof schema !== 'object') return undefined;
  try {
    return sample(schema as Parameters<typeof sample>[0], { skipWriteOnly: true, quiet: true }, document);
  } catch {
    return undefined;
  }
}
