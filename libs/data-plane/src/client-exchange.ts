import type { ServerResponse } from 'node:http';
import type { Cancellation, HeaderMap, ResponseHead, ResponseTarget } from '#core';
import { connectionListed, HOP_BY_HOP } from './hop-by-hop.js';

/** One reason object per cause, shared by every request: no stack trace to capture per request. */
const CLIENT_GONE = Object.freeze(Object.assign(new Error('the client went away'), { code: 'PORTICO_CLIENT_GONE' }));
const TIMED_OUT = Object.freeze(Object.assign(new Error('no response within the timeout'), { code: 'PORTICO_TIMEOUT' }));

/**
 * The client side of one proxied request: where connectors write the response (head without
 * hop-by-hop headers, then the body), how the attempt is cancelled when the client leaves, and
 * the response timeout: the backend must start answering within it (body streaming is bounded by
 * the idle timeout instead, so long downloads are not cut).
 */
export class ClientExchange implements ResponseTarget, Cancellation {
  requested = false;
  headSent = false;
  timedOut = false;
  private cancel: ((reason: Error) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly res: ServerResponse,
    /** Headers the gateway adds to the backend's response (CORS); they replace the backend's own. */
    readonly added: HeaderMap | undefined,
  ) {}

  onCancel(cancel: (reason: Error) => void): void {
    if (this.requested) cancel(this.timedOut ? TIMED_OUT : CLIENT_GONE);
    else this.cancel = cancel;
  }

  /** Arms the response timeout (a native timer: undici's own timeouts are only ±0.5 s accurate). */
  startTimer(ms: number): void {
    this.timer = setTimeout(this.expire, ms);
  }

  /** The client connection closed: cancel the attempt unless the response had completed. */
  closed(): void {
    clearTimeout(this.timer);
    if (this.res.writableFinished) return;
    this.requested = true;
    this.cancel?.(CLIENT_GONE);
  }

  accept(head: ResponseHead): ServerResponse {
    clearTimeout(this.timer);
    const headers: HeaderMap = {};
    const source = head.headers;
    // Headers the backend named in its Connection header are hop-by-hop too (RFC 9110 §7.6.1).
    const listed = connectionListed(source.connection as string | undefined);
    for (const name in source) {
      if (!HOP_BY_HOP.has(name) && listed?.has(name) !== true) headers[name] = source[name];
    }
    if (this.added !== undefined) addHeaders(headers, this.added);
    this.headSent = true;
    return this.res.writeHead(head.statusCode, headers as Record<string, string | string[]>);
  }

  private readonly expire = (): void => {
    if (this.headSent) return;
    this.timedOut = true;
    this.requested = true;
    this.cancel?.(TIMED_OUT);
  };
}

/** `vary` is merged with the backend's; every other added header replaces the backend's value. */
function addHeaders(headers: HeaderMap, added: HeaderMap): void {
  for (const name in added) {
    const value = added[name];
    const existing = headers[name];
    if (name !== 'vary' || existing === undefined) headers[name] = value;
    else if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(String(existing))) headers[name] = `${String(existing)}, ${String(value)}`;
  }
}
