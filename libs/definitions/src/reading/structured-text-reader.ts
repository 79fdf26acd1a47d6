import type { JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ParsedTextCache } from './parsed-text-cache.js';
import { inlineParser, type TextParser } from './text-parser.js';
import type { ParseOptions } from './yaml-document.js';

/**
 * Reads the definition texts of one loader: from its cache when it has one, else through its
 * parser (a worker thread in the gateway). Only texts that parse without any problem are cached,
 * so warnings and errors are always reported afresh.
 */
export class StructuredTextReader {
  constructor(
    private readonly cache?: ParsedTextCache,
    private readonly parser: TextParser = inlineParser,
  ) {}

  async read(text: string, file: string, problems: ProblemCollector, options: ParseOptions = {}): Promise<JsonObject | undefined> {
    const variant = options.slashComments === true ? 'slash-comments' : 'plain';
    const cached = this.cache?.get(text, variant);
    if (cached !== undefined) return cached;
    const { data, errors, warnings } = await this.parser.parse(text, file, options);
    for (const e of errors) problems.error(e.code, e.message, e.location);
    for (const w of warnings) problems.warn(w.code, w.message, w.location);
    if (data !== undefined && errors.length === 0 && warnings.length === 0) this.cache?.set(text, variant, data);
    return data;
  }
}
