import { Transform, type TransformCallback } from 'node:stream';

/** Raised inside a chunked request body that grows past the configured limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Counts a body of unknown length (chunked) as it streams and fails it once it passes the limit.
 * Bodies with a Content-Length are checked before anything is sent and need no counting.
 */
export class RequestBodyLimit extends Transform {
  exceeded = false;
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.exceeded = true;
      callback(new BodyTooLargeError(this.limit));
      return;
    }
    callback(null, chunk);
  }
}
