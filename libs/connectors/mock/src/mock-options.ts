import { checkConnectorOptions, type ObjectOptionSchema, type Problem } from '#core';

/** How request headers pick among equally acceptable media types (spec §10.5 step 5). */
export type AcceptNegotiation = 'last-match' | 'q-values';

/** The API's `x-portico-mock` object (minus `enabled`); every default reproduces Choreo Connect. */
export interface MockOptions {
  /** Send string header examples as JSON text, quotes included, as CC does. */
  readonly quoteHeaderValues: boolean;
  /** Lower-case the `Prefer: example=` value before matching, as CC does (upper-case names never match). */
  readonly lowerCaseExampleNames: boolean;
  /** `last-match`: CC's rule, the last Accept entry matching anything wins; `q-values`: RFC 9110. */
  readonly acceptNegotiation: AcceptNegotiation;
  /** Answer with a sample generated from the schema when a media type has a schema but no example. */
  readonly generateExamples: boolean;
}

/** The mock's options as it declares them to the gateway (checked at deploy, listed by the admin API). */
export const MOCK_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    quoteHeaderValues: { type: 'boolean', default: true, description: "Send string header examples as JSON text, quotes included, as Choreo Connect does" },
    lowerCaseExampleNames: { type: 'boolean', default: true, description: 'Lower-case the Prefer: example= value before matching, as Choreo Connect does' },
    acceptNegotiation: {
      type: 'string',
      enum: ['last-match', 'q-values'],
      default: 'last-match',
      description: "last-match: Choreo Connect's rule (the last Accept entry matching anything wins); q-values: RFC 9110",
    },
    generateExamples: { type: 'boolean', default: true, description: 'Answer with a sample generated from the schema when a media type has a schema but no example' },
  },
} as const satisfies ObjectOptionSchema;

export interface ReadMockOptions {
  readonly options: MockOptions;
  readonly problems: readonly Problem[];
}

/** Checks the raw options (the gateway has already, when it deploys), reporting every unknown key and wrong value at once. */
export function readMockOptions(raw: Readonly<Record<string, unknown>>): ReadMockOptions {
  const { options, problems } = checkConnectorOptions(MOCK_OPTIONS_SCHEMA, raw);
  return {
    options: options as unknown as MockOptions,
    problems: problems.map(({ pointer, message }) => ({ code: 'connector.options-invalid', message: `mock ${message}`, location: `#/x-portico-mock${pointer}` })),
  };
}
