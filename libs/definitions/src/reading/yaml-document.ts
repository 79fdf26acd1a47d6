import { isPair, isScalar, LineCounter, parseDocument, visit, type Scalar } from 'yaml';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import { toPlainData } from './plain-data.js';

/**
 * Keys whose plain numeric values keep their source text: `version: 1.0` is the version "1.0",
 * not the number 1, and `swagger: 2.0` must still be recognised.
 */
const TEXTUAL_KEYS = new Set(['version', 'swagger', 'openapi', 'asyncapi']);

const SLASH_COMMENT = /\s+\/\/.*$/s;

export interface ParseOptions {
  /**
   * api.yaml files written by hand sometimes carry `// explanations` after values (Choreo
   * Connect's own WebSocket sample does). YAML has no such comments; when set, the text after
   * ` //` in unquoted values is dropped and reported as a warning.
   */
  readonly slashComments?: boolean;
}

/**
 * Parses a YAML or JSON file into plain data, recording the written key order where JavaScript
 * would change it (see toPlainData). Syntax errors become `document.syntax` with the line and
 * column; anything but a mapping at the top level becomes `document.not-an-object`.
 */
export function parseStructuredText(
  text: string,
  file: string,
  problems: ProblemCollector,
  options: ParseOptions = {},
): JsonObject | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    problems.error('document.syntax', `${file}: syntax error at line ${pos.line}, column ${pos.col}: ${firstLine(first.message)}`, `${file}:${pos.line}:${pos.col}`);
    return undefined;
  }
  keepTextualVersions(doc);
  if (options.slashComments) dropSlashComments(doc, file, lineCounter, problems);
  let data: unknown;
  try {
    data = toPlainData(doc.toJS({ maxAliasCount: 100, mapAsMap: true }));
  } catch (error) {
    problems.error('document.syntax', `${file}: ${(error as Error).message}`, file);
    return undefined;
  }
  if (!isObject(data)) {
    problems.error('document.not-an-object', `${file}: expected a mapping (key: value pairs) at the top level`, file);
    return undefined;
  }
  return data;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function keepTextualVersions(doc: ReturnType<typeof parseDocument>): void {
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
      const value = pair.value as Scalar;
      if (TEXTUAL_KEYS.has(String(pair.key.value)) && typeof value.value === 'number' && value.source !== undefined) {
        value.value = value.source;
      }
    },
  });
}

function dropSlashComments(
  doc: ReturnType<typeof parseDocument>,
  file: string,
  lineCounter: LineCounter,
  problems: ProblemCollector,
): void {
  const lines: number[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || typeof node.value !== 'string' || !SLASH_COMMENT.test(node.value)) return;
      node.value = node.value.replace(SLASH_COMMENT, '');
      if (node.range) lines.push(lineCounter.linePos(node.range[0]).line);
    },
  });
  if (lines.length === 0) return;
  problems.warn(
    'api-yaml.comment-ignored',
    `${file}: text after " //" was ignored in ${lines.length} value(s) (lines ${lines.join(', ')}); YAML comments start with "#"`,
    `${file}:${lines[0]}`,
  );
}
