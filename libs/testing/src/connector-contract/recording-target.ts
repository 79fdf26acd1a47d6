import { Writable } from 'node:stream';
import type { ResponseHead, ResponseTarget } from '#core';

/** Response headers the data plane drops before writing a head to the client (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/**
 * A response target that records what the connector hands it: every `accept` call, the body
 * chunks (each write as it arrives) and when the body was ended. `decline` makes it answer
 * null, as the data plane does for a status it retries.
 */
export class RecordingTarget implements ResponseTarget {
  readonly heads: ResponseHead[] = [];
  readonly chunks: Buffer[] = [];
  /** The head as the client would get it: hop-by-hop headers dropped, as the data plane drops them. */
  clientHeaders: Record<string, unknown> | undefined;
  private readonly finished: Promise<void>;
  private readonly stream: Writable;

  constructor(
    private readonly options: { readonly decline?: boolean; readonly onChunk?: (chunk: Buffer, index: number) => void } = {},
  ) {
    this.stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.chunks.push(Buffer.from(chunk));
        this.options.onChunk?.(chunk, this.chunks.length - 1);
        done();
      },
    });
    this.finished = new Promise((resolve) => this.stream.on('finish', () => resolve()));
    // A connector may destroy the stream on a broken backend response; the check reports it, not an unhandled error.
    this.stream.on('error', () => undefined);
  }

  accept(head: ResponseHead): Writable | null {
    this.heads.push(head);
    if (this.options.decline === true) return null;
    // Names listed in Connection are hop-by-hop too (RFC 9110 §7.6.1).
    const connection = head.headers.connection;
    const listed = new Set(String(connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
    const endToEnd = ([name]: [string, unknown]): boolean => !HOP_BY_HOP.has(name.toLowerCase()) && !listed.has(name.toLowerCase());
    this.clientHeaders = Object.fromEntries(Object.entries(head.headers).filter(endToEnd));
    return this.stream;
  }

  /** Resolves once the connector ended the body stream. */
  bodyEnded(): Promise<void> {
    return this.finished;
  }

  get body(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  get bytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }
}
