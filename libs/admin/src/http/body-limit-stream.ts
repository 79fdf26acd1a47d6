import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a request body through and fails with `tooLarge()` as soon as more than `limit` bytes
 * arrived: for bodies without Content-Length (chunked), whose size is known only while reading.
 * `receivedEncodedLength` is what Fastify's body reader checks a preParsing stream by.
 */
export class BodyLimitStream extends Transform {
  receivedEncodedLength = 0;

  constructor(
    private readonly limit: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) callback(this.tooLarge());
    else callback(null, chunk);
  }
}
