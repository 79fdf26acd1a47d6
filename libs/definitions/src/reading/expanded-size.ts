import { type Document, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { type DocumentLimits, DocumentLimitExceeded, tooDeep, tooManyNodes } from './document-limits.js';

/** A node as the data will hold it: aliases replaced by what they repeat. */
interface ExpandedSize {
  readonly nodes: number;
  /** Nested mappings and sequences, this one included (a scalar is 0). */
  readonly depth: number;
  /** Characters of its string scalars. */
  readonly text: number;
}

const CYCLE: ExpandedSize = { nodes: 1, depth: 0, text: 0 };

/**
 * Checks the composed document against its limits as its data will be: an alias counts as what
 * it repeats, so a small text cannot expand into data (and JSON for the main thread) far larger
 * than the limits (a 5 MB scalar repeated by a hundred aliases would be 500 MB). Each node is
 * measured once; the walk stops at the first subtree past a limit. A recursive alias counts as
 * one node: its data is cyclic, shared rather than repeated.
 */
export function checkExpandedSize(doc: Document.Parsed, file: string, limits: DocumentLimits): void {
  const anchored = new Map<unknown, ExpandedSize | 'measuring'>();
  const measure = (node: unknown): ExpandedSize => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const known = anchored.get(target);
      if (known === 'measuring') return CYCLE;
      return known ?? measure(target);
    }
    const anchor = isScalar(node) || isMap(node) || isSeq(node) ? node.anchor : undefined;
    if (anchor !== undefined) anchored.set(node, 'measuring');
    const size = isMap(node) || isSeq(node) ? collectionSize(node.items, measure) : scalarSize(node);
    if (size.nodes > limits.maxNodes) throw tooManyNodes(file, limits);
    if (size.depth > limits.maxDepth) throw tooDeep(file, limits);
    if (size.text > limits.maxDocumentBytes) throw tooMuchText(file, limits);
    if (anchor !== undefined) anchored.set(node, size);
    return size;
  };
  measure(doc.contents);
}

function collectionSize(items: readonly unknown[], measure: (node: unknown) => ExpandedSize): ExpandedSize {
  let nodes = 1;
  let depth = 0;
  let text = 0;
  const add = (part: ExpandedSize): void => {
    nodes += part.nodes;
    depth = Math.max(depth, part.depth);
    text += part.text;
  };
  for (const item of items) {
    if (isPair(item)) {
      add(measure(item.key));
      add(measure(item.value));
    } else {
      add(measure(item));
    }
  }
  return { nodes, depth: depth + 1, text };
}

/** Empty keys and values (`a:`) are null scalars, or nothing at all in the tree: one node each. */
function scalarSize(node: unknown): ExpandedSize {
  const value = isScalar(node) ? node.value : undefined;
  return { nodes: 1, depth: 0, text: typeof value === 'string' ? value.length : 0 };
}

function tooMuchText(file: string, limits: DocumentLimits): DocumentLimitExceeded {
  return new DocumentLimitExceeded(
    'document.too-large',
    `${file}: its aliases repeat text to more than ${limits.maxDocumentBytes} characters; at most ${limits.maxDocumentBytes} are accepted (definitions.maxDocumentBytes)`,
    file,
  );
}
