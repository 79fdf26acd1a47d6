import type { Writable } from 'node:stream';
import type { Cancellation, RequestRouting, ResponseHead, ResponseTarget } from '#core';
import { CLIENT_GONE, type ClientExchange, type Interruptible, TIMED_OUT } from './client-exchange.js';

/** Lowest status a retry configuration can name (spec §9.1: 401–598). */
const FIRST_RETRIABLE_STATUS = 401;
const UNAUTHORIZED = 401;

/** Lets a try made with stale backend credentials (an OAuth2 token revoked early) be made once more with fresh ones. */
export interface CredentialRenewal {
  /** True when the request's credentials were dropped for fresh ones and it has not been renewed before. */
  renewOnce(): boolean;
}

/**
 * One try of a request on one endpoint (ARCHITECTURE §3): the connector's response target and
 * cancellation for that try only. A head whose status the route retries, while tries remain, is
 * declined (the connector drops its body) and `retryAfterMs` says when to try again; so is a
 * first 401 to renewable backend credentials, tried again at once with fresh ones. Any other head
 * goes to the client.
 */
export class Attempt implements ResponseTarget, Cancellation, Interruptible {
  /** ≥ 0 once a head was declined for a retry: the back-off before the next try. */
  retryAfterMs = -1;
  readonly startedAt = Date.now();
  private cancel: ((reason: Error) => void) | undefined;

  constructor(
    private readonly exchange: ClientExchange,
    private readonly routing: RequestRouting,
    readonly endpoint: number,
    /** Whether the request body could be sent again (none, or still within the buffer bound). */
    private readonly body: { readonly replayable: boolean },
    /** Present when the cluster's backend credentials can be renewed. */
    private readonly renewal: CredentialRenewal | undefined,
  ) {}

  get requested(): boolean {
    return this.exchange.requested;
  }

  onCancel(cancel: (reason: Error) => void): void {
    if (this.exchange.requested) cancel(this.exchange.timedOut ? TIMED_OUT : CLIENT_GONE);
    else this.cancel = cancel;
  }

  interrupt(reason: Error): void {
    this.cancel?.(reason);
  }

  accept(head: ResponseHead): Writable | null {
    const exchange = this.exchange;
    const status = head.statusCode;
    if (status === UNAUTHORIZED && this.renewal !== undefined && this.body.replayable && !exchange.requested && this.renewal.renewOnce()) {
      this.retryAfterMs = 0;
      return null;
    }
    if (status >= FIRST_RETRIABLE_STATUS && !exchange.requested) {
      const delay = this.routing.retryDelay({ kind: 'response', statusCode: status }, this.body.replayable, exchange.remainingMs());
      if (delay >= 0) {
        this.retryAfterMs = delay;
        return null;
      }
    }
    return exchange.writeHead(head);
  }
}
