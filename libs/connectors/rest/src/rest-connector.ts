import type { Dispatcher, Pool } from 'undici';
import type { Connector, ForwardOutcome, ResponseTarget, UpstreamRequest } from '#core';
import { ForwardAttempt } from './forward-attempt.js';

/**
 * Forwards to HTTP(S) backends over one keep-alive undici Pool per endpoint. Bodies stream both
 * ways with backpressure: the request body is piped from the client, the response body is written
 * straight into the client response.
 */
export class RestConnector implements Connector {
  private disposal: Promise<void> | undefined;

  constructor(
    private readonly pools: readonly Pool[],
    private readonly bodyTimeoutMs: number,
  ) {}

  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    return new Promise((settle) => {
      this.pools[request.endpoint].dispatch(
        {
          path: request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers as Record<string, string | string[]>,
          body: request.body,
          headersTimeout: request.timeoutMs,
          bodyTimeout: this.bodyTimeoutMs,
        },
        new ForwardAttempt(target, request.cancellation, settle),
      );
    });
  }

  /** Lets in-flight requests finish (pools close gracefully), then releases every connection. */
  dispose(): Promise<void> {
    this.disposal ??= Promise.all(this.pools.map((pool) => pool.close())).then(() => undefined);
    return this.disposal;
  }
}
