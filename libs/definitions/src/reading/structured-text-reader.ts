import type { ProblemCode } from '#core';
import type { JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { DocumentLimits } from './document-limits.js';
import { checkDocumentSize } from './document-size.js';
import type { ParsedTextCache } from './parsed-text-cache.js';
import { inlineParser, type TextParser } from './text-parser.js';
import type { ParseOptions } from './yaml-document.js';

/** How a text is read: see ParseOptions. */
export type ReadOptions = Omit<ParseOptions, 'limits'>;

/**
 * Reads the definition texts of one loader, under its limits: from its cache when it has one,
 * else through its parser (a worker thread in the gateway). A text over the size limit is refused
 * before it is hashed for the cache or copied to the parser. Only texts that parse without any
 * problem are cached, so warnings and errors are always reported afresh; entries are kept per
 * limits, so a text parsed under other limits is parsed (and checked) again.
 */
export class StructuredTextReader {
  constructor(
    private readonly limits: DocumentLimits,
    private readonly cache?: ParsedTextCache,
    private readonly parser: TextParser = inlineParser,
  ) {}

  async read(text: string, file: string, problems: ProblemCollector, read: ReadOptions = {}): Promise<JsonObject | undefined> {
    if (!checkDocumentSize(text, file, this.limits.maxDocumentBytes, problems)) return undefined;
    const options: ParseOptions = { ...read, limits: this.limits };
    const variant = variantOf(options);
    const cached = this.cache?.get(text, variant);
    if (cached !== undefined) return cached;
    const { data, errors, warnings } = await this.parser.parse(text, file, options);
    // The parser reports only the catalogue's document.* codes.
    for (const e of errors) problems.error(e.code as ProblemCode, e.message, e.location);
    for (const w of warnings) problems.warn(w.code as ProblemCode, w.message, w.location);
    if (data !== undefined && errors.length === 0 && warnings.length === 0) this.cache?.set(text, variant, data);
    return data;
  }
}

function variantOf({ slashComments, limits }: ParseOptions): string {
  const comments = slashComments === true ? 'slash-comments' : 'plain';
  return `${comments};bytes=${limits.maxDocumentBytes};nodes=${limits.maxNodes};depth=${limits.maxDepth}`;
}
