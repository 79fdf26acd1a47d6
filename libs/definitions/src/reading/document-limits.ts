import type { GatewaySettings } from '#settings';

/**
 * What one document may be (the `definitions.*` settings). Plain numbers, so that they travel to
 * the parse thread with each text.
 */
export interface DocumentLimits {
  readonly maxDocumentBytes: number;
  readonly maxNodes: number;
  readonly maxDepth: number;
}

export function documentLimitsOf(settings: GatewaySettings): DocumentLimits {
  const { maxDocumentBytes, maxNodes, maxDepth } = settings.definitions;
  return { maxDocumentBytes, maxNodes, maxDepth };
}

export type DocumentLimitCode = 'document.too-large' | 'document.too-many-nodes' | 'document.too-deep';

/** A document found past one of its limits while it was being parsed; parsing stops there. */
export class DocumentLimitExceeded extends Error {
  constructor(
    readonly code: DocumentLimitCode,
    message: string,
    readonly location: string,
  ) {
    super(message);
    this.name = 'DocumentLimitExceeded';
  }
}

/** `where`: the line and column at which the count passed the limit (no later than that). */
export function tooManyNodes(file: string, limits: DocumentLimits, where?: { line: number; col: number }): DocumentLimitExceeded {
  const at = where === undefined ? '' : ` (the limit is passed at line ${where.line}, column ${where.col})`;
  return new DocumentLimitExceeded(
    'document.too-many-nodes',
    `${file}: the document has more than ${limits.maxNodes} nodes (mappings, sequences and scalars, with what aliases repeat)${at}; at most ${limits.maxNodes} are accepted (definitions.maxNodes)`,
    where === undefined ? file : `${file}:${where.line}:${where.col}`,
  );
}

export function tooDeep(file: string, limits: DocumentLimits, where?: { line: number; col: number }): DocumentLimitExceeded {
  const at = where === undefined ? '' : ` at line ${where.line}, column ${where.col}`;
  return new DocumentLimitExceeded(
    'document.too-deep',
    `${file}: mappings and sequences are nested more than ${limits.maxDepth} levels deep${at}; at most ${limits.maxDepth} are accepted (definitions.maxDepth)`,
    where === undefined ? file : `${file}:${where.line}:${where.col}`,
  );
}
