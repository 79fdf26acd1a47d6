import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once: 341 trace ids or 1,024 span ids per refill. */
const POOL_BYTES = 8192;

/**
 * Random trace and span ids, cut from a pooled buffer: one `randomFillSync` call per few hundred
 * requests instead of a `randomBytes` call (and its Buffer) per id. The ids are unpredictable, so
 * a caller cannot guess another request's trace.
 */
export class TraceIds {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  /** 32 hex digits, never all zero (an all-zero id is invalid). */
  traceId(): string {
    return this.next(16);
  }

  /** 16 hex digits, never all zero. */
  spanId(): string {
    return this.next(8);
  }

  private next(bytes: number): string {
    for (;;) {
      if (this.offset + bytes > POOL_BYTES) {
        randomFillSync(this.pool);
        this.offset = 0;
      }
      const start = this.offset;
      this.offset += bytes;
      for (let i = start; i < start + bytes; i++) {
        if (this.pool[i] !== 0) return this.pool.toString('hex', start, start + bytes);
      }
    }
  }
}
