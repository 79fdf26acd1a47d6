import type { Cancellation } from '#core';

/** The reason the data plane cancels a try with when the client goes away (same code, so connectors classify it alike). */
export const CLIENT_GONE_REASON: Error = Object.freeze(Object.assign(new Error('the client went away'), { code: 'PORTICO_CLIENT_GONE' }));

/**
 * A try's cancellation as the data plane gives it: one cancel function at a time (the last
 * registered), run at once when registered after the request was cancelled.
 */
export class ContractCancellation implements Cancellation {
  requested = false;
  private cancel: ((reason: Error) => void) | undefined;

  onCancel(cancel: (reason: Error) => void): void {
    if (this.requested) cancel(CLIENT_GONE_REASON);
    else this.cancel = cancel;
  }

  /** The client went away. */
  request(): void {
    if (this.requested) return;
    this.requested = true;
    this.cancel?.(CLIENT_GONE_REASON);
  }

  /** Whether the connector registered a cancel function at all. */
  get registered(): boolean {
    return this.cancel !== undefined;
  }
}
