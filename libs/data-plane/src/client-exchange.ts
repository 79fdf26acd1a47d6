import type { ServerResponse } from 'node:http';
import type { Cancellation, HeaderMap, ResponseHead, ResponseTarget } from '#core';
import { HOP_BY_HOP } from './hop-by-hop.js';

/** One reason object for every cancelled attempt: no stack trace to capture per request. */
const CLIENT_GONE = Object.freeze(Object.assign(new Error('the client went away'), { code: 'PORTICO_CLIENT_GONE' }));

/**
 * The client side of one proxied request: where connectors write the response (head without
 * hop-by-hop headers, then the body), and how the attempt is cancelled when the client leaves.
 */
export class ClientExchange implements ResponseTarget, Cancellation {
  requested = false;
  headSent = false;
  private cancel: ((reason: Error) => void) | undefined;

  constructor(readonly res: ServerResponse) {}

  onCancel(cancel: (reason: Error) => void): void {
    if (this.requested) cancel(CLIENT_GONE);
    else this.cancel = cancel;
  }

  /** The client connection closed: cancel the attempt unless the response had completed. */
  closed(): void {
    if (this.res.writableFinished) return;
    this.requested = true;
    this.cancel?.(CLIENT_GONE);
  }

  accept(head: ResponseHead): ServerResponse {
    const headers: HeaderMap = {};
    const source = head.headers;
    for (const name in source) {
      if (!HOP_BY_HOP.has(name)) headers[name] = source[name];
    }
    this.headSent = true;
    return this.res.writeHead(head.statusCode, headers as Record<string, string | string[]>);
  }
}
