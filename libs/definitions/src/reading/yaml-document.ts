import { Composer, type Document, isPair, isScalar, LineCounter, visit, YAMLParseError, type Scalar } from 'yaml';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import { boundedSyntaxTree } from './bounded-syntax-tree.js';
import { type DocumentLimits, DocumentLimitExceeded } from './document-limits.js';
import { checkExpandedSize } from './expanded-size.js';
import { toPlainData } from './plain-data.js';
import { firstDuplicateKey } from './unique-keys.js';

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
  readonly limits: DocumentLimits;
}

/**
 * Parses a YAML or JSON file into plain data, recording the written key order where JavaScript
 * would change it (see toPlainData). Syntax errors become `document.syntax` with the line and
 * column; anything but a mapping at the top level becomes `document.not-an-object`; a document
 * past its limits becomes `document.too-many-nodes`, `document.too-deep` or `document.too-large`,
 * found before the structures they bound are built (its size in bytes is checked before, by
 * StructuredTextReader).
 */
export function parseStructuredText(text: string, file: string, problems: ProblemCollector, options: ParseOptions): JsonObject | undefined {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = composeDocument(text.replace(/^\uFEFF/, ''), file, options.limits, lineCounter);
    if (doc.errors.length === 0) checkExpandedSize(doc, file, options.limits);
    const duplicate = firstDuplicateKey(doc);
    const earliest = doc.errors.at(0);
    if (duplicate !== undefined && (earliest === undefined || duplicate.pos[0] < earliest.pos[0])) doc.errors.unshift(duplicate);
  } catch (error) {
    if (!(error instanceof DocumentLimitExceeded)) throw error;
    problems.error(error.code, error.message, error.location);
    return undefined;
  }
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

/** What the library's parseDocument does, with the syntax tree built under the limits. */
function composeDocument(source: string, file: string, limits: DocumentLimits, lineCounter: LineCounter): Document.Parsed {
  // Keys are checked apart, in linear time (unique-keys.ts).
  const composer = new Composer({ uniqueKeys: false, merge: true });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(boundedSyntaxTree(source, file, limits, lineCounter), true, source.length)) {
    if (doc === undefined) {
      doc = next;
    } else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(…, forceDoc = true) yields a document even for an empty text.
  if (doc === undefined) throw new Error('the YAML composer produced no document');
  return doc;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function keepTextualVersions(doc: Document.Parsed): void {
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
  doc: Document.Parsed,
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
