import { type ApiDefinition, entriesInSourceOrder, type HeaderMap, type Operation, type Problem } from '#core';
import { exampleJson, headerValueText } from './example-text.js';
import { pointerToken } from './local-reference.js';
import type { ExtractedMediaType, ExtractedResponse, ExtractionContext, ResponseExtractor } from './extracted-response.js';
import type { MockMediaType, MockNamedExample, MockOperation, MockResponse } from './mock-operation.js';
import type { MockOptions } from './mock-options.js';
import { extractOas2Response } from './oas2-response-extractor.js';
import { extractOas3Response } from './oas3-response-extractor.js';

/**
 * Response keys the mock serves: `default`, or three digits/`x` (after lower-casing) whose
 * first digit makes a final HTTP status. CC also keeps `1xx`/`0xx` keys, which cannot be answered.
 */
const SERVABLE_KEY = /^(?:default|[2-5][0-9x]{2})$/u;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/u;
/** A media type is sent as the content-type header value: visible ASCII, spaces and tabs only. */
const CONTENT_TYPE_VALUE = /^[\t\x20-\x7e]+$/u;

export interface CompiledMock {
  /** By `Operation.location`: stable across redeploys of the same definition. */
  readonly operations: ReadonlyMap<string, MockOperation>;
  /** Example headers and media types that cannot be sent over HTTP. */
  readonly problems: readonly Problem[];
}

/** Turns every operation's responses into ready answers, once, at deploy time. */
export function compileMock(api: ApiDefinition, options: MockOptions): CompiledMock {
  const extract: ResponseExtractor = api.definition.format === 'openapi2' ? extractOas2Response : extractOas3Response;
  const operations = new Map<string, MockOperation>();
  const problems: Problem[] = [];
  for (const resource of api.resources) {
    for (const operation of resource.operations) {
      const context: ExtractionContext = {
        document: api.definition.document,
        generateExamples: options.generateExamples,
        produces: operation.produces ?? [],
      };
      const compiled = compileOperation(operation, (response) => extract(response, context), options, problems);
      if (compiled) operations.set(operation.location, compiled);
    }
  }
  return { operations, problems };
}

function compileOperation(
  operation: Operation,
  extract: (response: unknown) => ExtractedResponse | undefined,
  options: MockOptions,
  problems: Problem[],
): MockOperation | undefined {
  const responses: MockResponse[] = [];
  for (const [rawKey, response] of entriesInSourceOrder(operation.responses ?? {})) {
    const key = rawKey.toLowerCase();
    if (!SERVABLE_KEY.test(key)) continue;
    const extracted = extract(response);
    if (!extracted || extracted.content.length === 0) continue;
    const at = `#${operation.location}/responses/${pointerToken(rawKey)}`;
    const compiled = compileResponse(key, extracted, options, at, problems);
    // `200` and `200 ` lower-case alike: as in a map, the later one wins, in the earlier one's place.
    const same = responses.findIndex((r) => r.key === key);
    if (compiled && same >= 0) responses[same] = compiled;
    else if (compiled) responses.push(compiled);
  }
  const first = responses.find((r) => r.key === 'default') ?? responses[0];
  if (!first) return undefined;
  const statusCode = first.key === 'default' ? 200 : Number(first.key.replaceAll('x', '0'));
  // Copies sized to fit (arrays grown by push keep room for 17 items): thousands of these live on.
  return { responses: responses.slice(), unpreferred: { response: first, statusCode } };
}

function compileResponse(
  key: string,
  extracted: ExtractedResponse,
  options: MockOptions,
  at: string,
  problems: Problem[],
): MockResponse | undefined {
  const exampleHeaders: Record<string, string> = {};
  for (const { name, value } of extracted.headers) {
    if (!HEADER_NAME.test(name)) {
      problems.push({
        code: 'mock.response-invalid',
        message: `Response header example '${name}' is not a valid HTTP header name`,
        location: `${at}/headers/${pointerToken(name)}`,
      });
      continue;
    }
    exampleHeaders[name.toLowerCase()] = headerValueText(value, options.quoteHeaderValues);
  }
  const mediaTypes: MockMediaType[] = [];
  for (const media of extracted.content) {
    if (!CONTENT_TYPE_VALUE.test(media.mediaType)) {
      problems.push({
        code: 'mock.response-invalid',
        message: `Media type '${media.mediaType}' cannot be sent as a content-type header`,
        location: `${at}/content/${pointerToken(media.mediaType)}`,
      });
      continue;
    }
    mediaTypes.push(compileMediaType(media, exampleHeaders));
  }
  return mediaTypes.length > 0 ? { key, mediaTypes: mediaTypes.slice() } : undefined;
}

function compileMediaType(media: ExtractedMediaType, exampleHeaders: Readonly<Record<string, string>>): MockMediaType {
  const examples: MockNamedExample[] = [];
  for (const { name, value } of media.examples) {
    const body = Buffer.from(exampleJson(value), 'utf8');
    const headers: HeaderMap = {
      ...exampleHeaders,
      'content-type': media.mediaType,
      'content-length': String(body.length),
    };
    const example = { name, body, headers: Object.freeze(headers) };
    const same = examples.findIndex((e) => e.name === name);
    if (same >= 0) examples[same] = example;
    else examples.push(example);
  }
  return { mediaType: media.mediaType, examples: examples.slice(), firstExample: examples[0] };
}

