import type { HeaderMap } from '#core';

/** A ready answer: body bytes and the complete header map (example headers, content-type, length). */
export interface MockExample {
  readonly body: Buffer;
  readonly headers: Readonly<HeaderMap>;
}

/** An example under its name ('' for a single example or a generated sample). */
export interface MockNamedExample extends MockExample {
  readonly name: string;
}

/*
 * Lists rather than Maps below: an operation has a handful of responses and examples, and a
 * gateway holds thousands of operations (a Map costs a few hundred bytes even when small).
 */

export interface MockMediaType {
  /** As written in the definition; sent as the content-type. */
  readonly mediaType: string;
  /** In definition order; never empty. */
  readonly examples: readonly MockNamedExample[];
  readonly firstExample: MockExample;
}

export interface MockResponse {
  /** The lower-cased response key: `default`, `200`, `50x`, `5xx`. */
  readonly key: string;
  /** In definition order; never empty (responses without examples are dropped). */
  readonly mediaTypes: readonly MockMediaType[];
}

/** Everything the mock needs at request time for one operation, built once at deploy time. */
export interface MockOperation {
  /** In definition order, keys unique; never empty. */
  readonly responses: readonly MockResponse[];
  /** The answer without `Prefer: code`: `default` as 200, else the first response, `x` read as 0. */
  readonly unpreferred: { readonly response: MockResponse; readonly statusCode: number };
}
