import type { ServerResponse } from 'node:http';
import type { HeaderMap, RequestRecord, ResponseHead } from '#core';
import { connectionListed, HOP_BY_HOP } from './hop-by-hop.js';

/** One reason object per cause, shared by every request: no stack trace to capture per request. */
export const CLIENT_GONE = Object.freeze(Object.assign(new Error('the client went away'), { code: 'PORTICO_CLIENT_GONE' }));
export const TIMED_OUT = Object.freeze(Object.assign(new Error('no response within the timeout'), { code: 'PORTICO_TIMEOUT' }));

/** Told when the exchange is interrupted (client gone, route timeout): the try in progress or the wait for the next. */
export interface Interruptible {
  interrupt(reason: Error): void;
}

/**
 * The client side of one proxied request, across all its tries: where the accepted response is
 * written (head without hop-by-hop headers, then the body), whether the client is still there,
 * and the route timeout, which covers every try (spec §9.2): the backend must start an accepted
 * answer within it. Body streaming is bounded by the idle timeout instead, so long downloads are
 * not cut.
 */
export class ClientExchange {
  /** The client went away or the route timeout expired: nothing more is tried. */
  requested = false;
  headSent = false;
  timedOut = false;
  /** The try in progress, or the call waiting to make the next one. */
  current: Interruptible | undefined;
  private timer: NodeJS.Timeout | undefined;
  private deadline = 0;

  constructor(
    readonly res: ServerResponse,
    /** Headers the gateway adds to the backend's response (CORS); they replace the backend's own. */
    readonly added: HeaderMap | undefined,
    readonly record: RequestRecord,
    /** The request id's header (`dataPlane.requestId.header`), added to the response. */
    private readonly requestIdHeader: string,
  ) {}

  /** Arms the route timeout (a native timer: undici's own timeouts are only ±0.5 s accurate). */
  startTimer(ms: number): void {
    this.deadline = Date.now() + ms;
    this.timer = setTimeout(this.expire, ms);
  }

  /** Time left of the route timeout, in ms. */
  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** The client connection closed: stop whatever is in progress unless the response had completed. */
  closed(): void {
    clearTimeout(this.timer);
    if (this.res.writableFinished) return;
    this.requested = true;
    this.current?.interrupt(CLIENT_GONE);
  }

  /** Writes an accepted head to the client; returns the stream its body goes to. */
  writeHead(head: ResponseHead): ServerResponse {
    clearTimeout(this.timer);
    const headers: HeaderMap = {};
    const source = head.headers;
    // Headers the backend named in its Connection header are hop-by-hop too (RFC 9110 §7.6.1).
    const listed = connectionListed(source.connection as string | undefined);
    for (const name in source) {
      if (!HOP_BY_HOP.has(name) && listed?.has(name) !== true) headers[name] = source[name];
    }
    // A 426 must say which protocol to upgrade to (RFC 9110 §15.5.22), hop-by-hop or not.
    if (head.statusCode === 426 && source.upgrade !== undefined) headers.upgrade = source.upgrade;
    if (this.added !== undefined) addHeaders(headers, this.added);
    headers[this.requestIdHeader] = this.record.id;
    this.record.answered();
    this.headSent = true;
    return this.res.writeHead(head.statusCode, headers as Record<string, string | string[]>);
  }

  private readonly expire = (): void => {
    if (this.headSent) return;
    this.timedOut = true;
    this.requested = true;
    this.current?.interrupt(TIMED_OUT);
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
