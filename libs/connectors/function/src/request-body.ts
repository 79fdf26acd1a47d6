import type { Readable } from 'node:stream';

const EMPTY = Buffer.alloc(0);

/** The body is larger than the handler may be given. */
export const BODY_TOO_LARGE = Symbol('body too large');

/**
 * Reads a request body whole, at most `maxBytes`. Over the limit, the rest is drained unread
 * rather than the stream destroyed (which would close the client's connection before it reads
 * the 413), and BODY_TOO_LARGE returned. Rejects when the stream fails or closes early (the
 * client went away, or the gateway's own body limit cut it) or when `signal` aborts (the try was
 * cancelled: the rest is drained, so that the gateway can still answer on the connection).
 */
export function readRequestBody(body: Readable | null, maxBytes: number, signal: AbortSignal): Promise<Buffer | typeof BODY_TOO_LARGE> {
  if (body === null) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const data = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      drain(body);
      resolve(BODY_TOO_LARGE);
    };
    const end = (): void => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const failed = (error: Error): void => {
      stop();
      reject(error);
    };
    const closed = (): void => failed(new Error('the request body ended early'));
    const cancelled = (): void => {
      stop();
      drain(body);
      reject(signal.reason);
    };
    const stop = (): void => {
      body.off('data', data).off('end', end).off('error', failed).off('close', closed);
      signal.removeEventListener('abort', cancelled);
    };
    body.on('data', data).once('end', end).once('error', failed).once('close', closed);
    signal.addEventListener('abort', cancelled, { once: true });
  });
}

/** Lets a body the handler is not given flow away unread (errors included). */
export function drain(body: Readable | null): void {
  if (body === null || body.destroyed) return;
  body.on('error', () => undefined);
  body.resume();
}
