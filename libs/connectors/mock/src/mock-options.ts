import type { Problem } from '#core';
import { pointerToken } from './local-reference.js';

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

export const MOCK_OPTION_DEFAULTS: MockOptions = {
  quoteHeaderValues: true,
  lowerCaseExampleNames: true,
  acceptNegotiation: 'last-match',
  generateExamples: true,
};

const ACCEPT_NEGOTIATIONS: readonly AcceptNegotiation[] = ['last-match', 'q-values'];

type OptionReader = (value: unknown) => { readonly value: unknown } | { readonly expected: string };

const booleanOption: OptionReader = (value) =>
  typeof value === 'boolean' ? { value } : { expected: 'a boolean (true or false)' };

const acceptNegotiationOption: OptionReader = (value) =>
  ACCEPT_NEGOTIATIONS.includes(value as AcceptNegotiation)
    ? { value }
    : { expected: `one of ${ACCEPT_NEGOTIATIONS.map((v) => `'${v}'`).join(', ')}` };

const READERS: Readonly<Record<keyof MockOptions, OptionReader>> = {
  quoteHeaderValues: booleanOption,
  lowerCaseExampleNames: booleanOption,
  acceptNegotiation: acceptNegotiationOption,
  generateExamples: booleanOption,
};

export interface ReadMockOptions {
  readonly options: MockOptions;
  readonly problems: readonly Problem[];
}

/** Checks the raw options, reporting every unknown key and wrong value at once. */
export function readMockOptions(raw: Readonly<Record<string, unknown>>): ReadMockOptions {
  const problems: Problem[] = [];
  const options: Record<string, unknown> = { ...MOCK_OPTION_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    const location = `#/x-portico-mock/${pointerToken(key)}`;
    if (!Object.hasOwn(READERS, key)) {
      problems.push({
        code: 'connector.options-invalid',
        message: `Unknown mock option '${key}'; known options: ${Object.keys(READERS).join(', ')}`,
        location,
      });
      continue;
    }
    const read = READERS[key as keyof MockOptions](value);
    if ('expected' in read) {
      problems.push({
        code: 'connector.options-invalid',
        message: `Mock option '${key}' must be ${read.expected} (got ${JSON.stringify(value) ?? String(value)})`,
        location,
      });
    } else {
      options[key] = read.value;
    }
  }
  return { options: options as unknown as MockOptions, problems };
}
