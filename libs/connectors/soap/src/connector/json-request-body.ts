import type { Readable } from 'node:stream';

/** The request body cannot become the SOAP input: not JSON (400) or over the limit (413). */
export class JsonBodyError extends Error {
  override name = 'JsonBodyError';

  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a REST-to-SOAP request body whole (it is converted, not streamed), at most `maxBytes`.
 * Undefined for no body or an empty one. Rejects with JsonBodyError, or with the stream's error
 * when the client goes away.
 */
export async function readJsonBody(body: Readable | null, maxBytes: number): Promise<unknown> {
  if (body === null) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new JsonBodyError(413, `The request body exceeds ${maxBytes} bytes, the limit of a REST-to-SOAP request.`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new JsonBodyError(400, `The request body is not JSON: ${(error as Error).message}`);
  }
}
