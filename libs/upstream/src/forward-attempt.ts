import type { Writable } from 'node:stream';
import { type Dispatcher, util } from 'undici';
import type { Cancellation, ForwardOutcome, ResponseTarget } from '#core';
import { upstreamErrorKind } from './upstream-error-kind.js';

/**
 * One request to one backend, as an undici dispatch handler: the response head goes to the
 * target, body chunks are written straight into the target's stream with backpressure (undici
 * pauses while the client is slow). Cheaper than `stream()`: no promise or async context per
 * request inside undici, and cancellation through the attempt's own abort function.
 */
export class ForwardAttempt implements Dispatcher.DispatchHandler {
  private out: Writable | undefined;
  /** The target declined the head (the route retries its status): the body is read and dropped. */
  private declined = false;
  private statusCode = 0;
  private resume: (() => void) | undefined;
  private settled = false;

  constructor(
    private readonly target: ResponseTarget,
    private readonly cancellation: Cancellation,
    private readonly settle: (outcome: ForwardOutcome) => void,
  ) {}

  onConnect(abort: (error?: Error) => void): void {
    this.cancellation.onCancel(abort);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx interim responses (other than upgrades, handled elsewhere) are not forwarded.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.resume = resume;
    const out = this.target.accept({ statusCode, headers: util.parseHeaders(rawHeaders) });
    if (out === null) {
      this.declined = true;
      return true;
    }
    this.out = out;
    out.on('drain', this.onDrain);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.declined || (this.out as Writable).write(chunk);
  }

  onComplete(): void {
    this.out?.end();
    this.finish({ kind: 'response', statusCode: this.statusCode });
  }

  onError(error: Error): void {
    // After a declined head the client has seen nothing: the failure is the request's, not the response's.
    this.finish({ kind: 'failure', failure: upstreamErrorKind(error), headSent: this.out !== undefined, cause: error });
  }

  private readonly onDrain = (): void => this.resume?.();

  private finish(outcome: ForwardOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(outcome);
  }
}
