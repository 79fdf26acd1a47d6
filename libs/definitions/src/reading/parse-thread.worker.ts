import { parentPort } from 'node:worker_threads';
import { encodeParsedData } from './parsed-text-encoding.js';
import { parseInline } from './text-parser.js';
import type { ParseRequest, ParseResponse } from './parse-thread.js';

/** The parse thread: YAML and JSON texts in, encoded data (key order kept) and problems out. */
parentPort?.on('message', (request: ParseRequest) => {
  parentPort?.postMessage(respond(request));
});

function respond({ id, text, file, options }: ParseRequest): ParseResponse {
  try {
    const { data, errors, warnings } = parseInline(text, file, options);
    const encoded = data === undefined ? undefined : encodeParsedData(data);
    // Data that cannot be encoded (a recursive alias) is parsed again on the caller's thread.
    return { id, encoded, unencodable: data !== undefined && encoded === undefined, errors, warnings };
  } catch (error) {
    // A bug of the parser must cost this text only, not the thread and the texts queued behind it.
    const message = `${file}: cannot be parsed: ${(error as Error).message}`;
    return { id, encoded: undefined, unencodable: false, errors: [{ code: 'document.unparsable', message, location: file }], warnings: [] };
  }
}

/**
 * The parser runs interpreted until the JIT has seen it work: warm it up while the gateway boots,
 * so the first deploy's definition is not the one that pays for it.
 */
const WARM_UP = `openapi: 3.0.3
info: { title: Warm-up, version: '1.0' }
paths:
  /items/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { example: { id: 1, tags: [a, b] } } } }
        '404': { description: not found }
`;
const WARM_UP_LIMITS = { maxDocumentBytes: 1024 * 1024, maxNodes: 10_000, maxDepth: 64 };
for (let i = 0; i < 50; i++) encodeParsedData(parseInline(WARM_UP, 'warm-up.yaml', { limits: WARM_UP_LIMITS }).data ?? {});
