import type { Problem } from '#core';
import type { JsonObject } from '../json/json-value.js';
import { ProblemCollector } from '../problems/problem-collector.js';
import { type ParseOptions, parseStructuredText } from './yaml-document.js';

/** What parsing one text gave: the data (undefined when it could not be read) and the problems found. */
export interface ParseOutcome {
  readonly data: JsonObject | undefined;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** Where texts are parsed: on this thread, or on a worker thread (ParseThread). */
export interface TextParser {
  parse(text: string, file: string, options: ParseOptions): Promise<ParseOutcome>;
}

/** Parses on the calling thread: for tools and tests, and when no worker thread can be started. */
export const inlineParser: TextParser = {
  parse: (text, file, options) => Promise.resolve(parseInline(text, file, options)),
};

export function parseInline(text: string, file: string, options: ParseOptions): ParseOutcome {
  const problems = new ProblemCollector();
  const data = parseStructuredText(text, file, problems, options);
  return { data, errors: problems.errors, warnings: problems.warnings };
}
