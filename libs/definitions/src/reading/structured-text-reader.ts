import type { JsonObject } from '../json/json-value.js';
import { ProblemCollector } from '../problems/problem-collector.js';
import type { ParsedTextCache } from './parsed-text-cache.js';
import { type ParseOptions, parseStructuredText } from './yaml-document.js';

/**
 * Parses the definition texts of one loader, through its cache when it has one. Only texts that
 * parse without any problem are cached, so warnings and errors are always reported afresh.
 */
export class StructuredTextReader {
  constructor(private readonly cache?: ParsedTextCache) {}

  read(text: string, file: string, problems: ProblemCollector, options: ParseOptions = {}): JsonObject | undefined {
    if (this.cache === undefined) return parseStructuredText(text, file, problems, options);
    const variant = options.slashComments === true ? 'slash-comments' : 'plain';
    const cached = this.cache.get(text, variant);
    if (cached !== undefined) return cached;
    const own = new ProblemCollector();
    const data = parseStructuredText(text, file, own, options);
    problems.merge(own);
    if (data !== undefined && !own.hasErrors && own.warnings.length === 0) this.cache.set(text, variant, data);
    return data;
  }
}
