import { CST, Lexer, type LineCounter, Parser } from 'yaml';
import { type DocumentLimits, tooDeep, tooManyNodes } from './document-limits.js';

const COLLECTIONS: ReadonlySet<string> = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * The concrete syntax tree of `text`, as the yaml library's Parser builds it from its Lexer's
 * lexemes, stopped by a DocumentLimitExceeded as soon as the document is known to pass its node
 * or depth limit. The tree costs a hundred bytes and more of memory per lexeme, so waiting for
 * the finished tree (or the composed Document) would build the very structures the limits are
 * for; and the Composer recurses once per level, so a 100,000-deep JSON text would overflow the
 * stack. The exact count, with what aliases repeat, is checked on the composed Document
 * (expanded-size.ts).
 */
export function* boundedSyntaxTree(text: string, file: string, limits: DocumentLimits, lineCounter: LineCounter): Generator<CST.Token, void> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const nodes = new NodeLowerBound();
  for (const lexeme of new Lexer().lex(text)) {
    const start = parser.offset;
    nodes.see(lexeme);
    yield* parser.next(lexeme);
    if (nodes.count > limits.maxNodes) throw tooManyNodes(file, limits, lineCounter.linePos(start));
    // The stack holds the document, the open collections and at most a few scalars.
    if (parser.stack.length > limits.maxDepth + 1 && openCollections(parser.stack) > limits.maxDepth) {
      throw tooDeep(file, limits, lineCounter.linePos(start));
    }
  }
  nodes.end();
  if (nodes.count > limits.maxNodes) throw tooManyNodes(file, limits);
  yield* parser.end();
}

/** Lexemes that are each one node of their own. A plain or block scalar comes as SCALAR, then its text. */
const NODE_LEXEMES: ReadonlySet<string> = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'alias', 'flow-map-start', 'flow-seq-start']);
/** Indicators that each announce one node: `-` an item, `?` a key, `:` a value. */
const ENTRY_INDICATORS: ReadonlySet<string> = new Set(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);
/** Lexemes after which an announced node can no longer come. */
const ENTRY_ENDS: ReadonlySet<string> = new Set(['comma', 'flow-map-end', 'flow-seq-end', 'flow-error-end', 'doc-start', 'doc-end']);

/**
 * Counts nodes from lexemes, never more than there are, so that a refusal is always true. Each
 * node lexeme is one node. An indicator announces one node: the next node lexeme, or, when
 * another indicator or the end of the entry comes first, a node without a lexeme of its own (an
 * empty value, a block collection), counted then. Block collections whose first entry is a node
 * lexeme are not counted: they are at most one in two nodes.
 */
class NodeLowerBound {
  count = 0;
  private announced = false;
  private scalarText = false;

  see(lexeme: string): void {
    if (this.scalarText) {
      this.scalarText = false;
      return;
    }
    const type = CST.tokenType(lexeme);
    if (type === null) return;
    if (NODE_LEXEMES.has(type)) {
      this.count++;
      this.announced = false;
      this.scalarText = type === 'scalar';
    } else if (ENTRY_INDICATORS.has(type)) {
      this.end();
      this.announced = true;
    } else if (ENTRY_ENDS.has(type)) {
      this.end();
    }
  }

  end(): void {
    if (this.announced) this.count++;
    this.announced = false;
  }
}

function openCollections(stack: readonly CST.Token[]): number {
  let count = 0;
  for (const token of stack) if (COLLECTIONS.has(token.type)) count++;
  return count;
}
