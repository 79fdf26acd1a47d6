import type { JsonObject } from './local-reference.js';

/** One example of a media type; `name` is '' for a single `example` and for generated samples. */
export interface ExtractedExample {
  readonly name: string;
  readonly value: unknown;
}

export interface ExtractedMediaType {
  readonly mediaType: string;
  /** In definition order; never empty. */
  readonly examples: readonly ExtractedExample[];
}

export interface ExtractedHeader {
  /** As written in the definition. */
  readonly name: string;
  readonly value: unknown;
}

/** What the mock serves of one response object, still as data (before it becomes text). */
export interface ExtractedResponse {
  readonly headers: readonly ExtractedHeader[];
  readonly content: readonly ExtractedMediaType[];
}

export interface ExtractionContext {
  readonly document: JsonObject;
  readonly generateExamples: boolean;
  /** OpenAPI 2.0 `produces` of the operation (media types a generated sample is offered in). */
  readonly produces: readonly string[];
}

/** Reads one response object of one definition format. */
export type ResponseExtractor = (response: unknown, context: ExtractionContext) => ExtractedResponse | undefined;

/** CC treats a missing and a null example alike: there is no example. */
export function isExampleValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}
