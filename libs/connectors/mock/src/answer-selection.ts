import { type HeaderMap, REQUEST_ERRORS, requestErrorBody } from '#core';
import { acceptEntries, negotiateMediaType } from './accept-negotiation.js';
import type { MockExample, MockMediaType, MockOperation, MockResponse } from './mock-operation.js';
import type { MockOptions } from './mock-options.js';
import { headerText, parsePreferences } from './request-preferences.js';

/** What the mock answers a request with: a prepared example, or one of its two errors. */
export type MockAnswer =
  | { readonly kind: 'example'; readonly statusCode: number; readonly example: MockExample }
  | { readonly kind: 'error'; readonly statusCode: number; readonly body: Buffer };

const THREE_DIGITS = /^\d{3}$/u;
const JSON_MEDIA_TYPE = 'application/json';

/** Policy-shape errors (spec §16.1); the two whose text never changes are built once. */
const BAD_CODE_PREFERENCE: MockAnswer = {
  kind: 'error',
  statusCode: REQUEST_ERRORS.mockBadPreference.status,
  body: Buffer.from(requestErrorBody(REQUEST_ERRORS.mockBadPreference)),
};
const NO_MOCK_RESPONSE: MockAnswer = {
  kind: 'error',
  statusCode: REQUEST_ERRORS.mockNotImplemented.status,
  body: Buffer.from(requestErrorBody(REQUEST_ERRORS.mockNotImplemented, '')),
};

const notImplemented = (description: string): MockAnswer => ({
  kind: 'error',
  statusCode: REQUEST_ERRORS.mockNotImplemented.status,
  body: Buffer.from(requestErrorBody(REQUEST_ERRORS.mockNotImplemented, description)),
});

/** Spec §10.5, request-time steps 1–7, in CC's order of checks. */
export function selectAnswer(operation: MockOperation | undefined, headers: HeaderMap, options: MockOptions): MockAnswer {
  const { code, example } = parsePreferences(headerText(headers, 'prefer'), options.lowerCaseExampleNames);
  if (code !== undefined && !THREE_DIGITS.test(code)) return BAD_CODE_PREFERENCE;
  if (!operation) return NO_MOCK_RESPONSE;

  let response: MockResponse | undefined;
  let statusCode: number;
  if (code !== undefined) {
    const responseFor = (key: string) => operation.responses.find((r) => r.key === key);
    response = responseFor(code) ?? responseFor(`${code.slice(0, 2)}x`) ?? responseFor(`${code[0]}xx`);
    if (!response) return notImplemented(`Preferred code ${code} is not supported for this resource.`);
    statusCode = Number(code);
  } else {
    ({ response, statusCode } = operation.unpreferred);
  }

  const accept = headerText(headers, 'accept');
  let media: MockMediaType | undefined;
  if (accept === undefined || accept.trim() === '') {
    media = response.mediaTypes.find((m) => m.mediaType === JSON_MEDIA_TYPE) ?? response.mediaTypes[0];
  } else {
    const entries = acceptEntries(accept);
    media = negotiateMediaType(entries, response.mediaTypes, options.acceptNegotiation);
    if (!media) return notImplemented(`Accept type [${entries.join(', ')}] is not supported for this resource`);
  }

  const chosen = example === undefined ? media.firstExample : media.examples.find((e) => e.name === example);
  if (!chosen) return notImplemented(`Example preference ${example} is not supported for this resource`);
  return { kind: 'example', statusCode, example: chosen };
}
