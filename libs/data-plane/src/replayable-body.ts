import { Readable } from 'node:stream';

/**
 * A request body that can be sent more than once (for retries and failover): it streams to the
 * current try with backpressure and keeps what passed, up to a bound. A retry gets a new stream
 * that replays the kept start, then continues with the rest of the client's body. Once more than
 * the bound has streamed, the kept part is dropped and `replayable` turns false: that request is
 * never tried again (ARCHITECTURE §3: bodies are buffered, bounded, only when a route can retry).
 */
export class ReplayableBody {
  replayable = true;
  private kept: Buffer[] = [];
  private size = 0;
  private ended = false;
  private failure: Error | undefined;
  private current: TryBody | undefined;

  constructor(
    private readonly source: Readable,
    private readonly bound: number,
  ) {
    source.on('data', this.onData);
    source.once('end', this.onEnd);
    source.once('error', this.onError);
    source.pause();
  }

  /** The body for the next try; the previous try's stream stops receiving. */
  forTry(): Readable {
    this.current?.detach();
    const body = new TryBody(this.source);
    this.current = body;
    for (const chunk of this.kept) body.push(chunk);
    if (this.failure) body.destroy(this.failure);
    else if (this.ended) body.push(null);
    return body;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.replayable) {
      this.size += chunk.length;
      if (this.size > this.bound) {
        this.replayable = false;
        this.kept = [];
      } else {
        this.kept.push(chunk);
      }
    }
    const current = this.current;
    if (current === undefined || !current.push(chunk)) this.source.pause();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.current?.push(null);
  };

  private readonly onError = (error: Error): void => {
    this.failure = error;
    this.current?.destroy(error);
  };
}

/** One try's view of the body: reading from it lets the client's body flow again. */
class TryBody extends Readable {
  private attached = true;

  constructor(private readonly source: Readable) {
    super();
  }

  override _read(): void {
    if (this.attached) this.source.resume();
  }

  detach(): void {
    this.attached = false;
  }

  override push(chunk: Buffer | null): boolean {
    return this.attached ? super.push(chunk) : false;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.attached = false;
    callback(error);
  }
}
