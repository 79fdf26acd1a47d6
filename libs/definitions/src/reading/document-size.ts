import type { ProblemCollector } from '../problems/problem-collector.js';

/**
 * Refuses a document over `maxBytes` before anything is done with it (hashed for the cache,
 * copied to the parse thread, parsed). True when it is within the limit.
 */
export function checkDocumentSize(text: string, file: string, maxBytes: number, problems: ProblemCollector): boolean {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return true;
  problems.error('document.too-large', `${file}: the document is ${bytes} bytes; at most ${maxBytes} are accepted (definitions.maxDocumentBytes)`, file);
  return false;
}
