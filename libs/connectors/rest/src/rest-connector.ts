import type { Writable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import type { Connector, ForwardOutcome, ResponseTarget, UpstreamRequest } from '#core';
import { upstreamErrorKind } from './upstream-error-kind.js';

/** Per-request state handed to undici as `opaque`, so the stream factory needs no closure. */
interface Exchange {
  readonly target: ResponseTarget;
  statusCode: number;
  headSent: boolean;
}

function writeHead(data: Dispatcher.StreamFactoryData<Exchange>): Writable {
  const exchange = data.opaque;
  exchange.statusCode = data.statusCode;
  exchange.headSent = true;
  return exchange.target.accept({ statusCode: data.statusCode, headers: data.headers });
}

/**
 * Forwards to HTTP(S) backends over one keep-alive undici Pool per endpoint. Bodies stream both
 * ways with backpressure: the request body is piped from the client, the response body is written
 * straight into the client response (undici `stream()`).
 */
export class RestConnector implements Connector {
  private disposal: Promise<void> | undefined;

  constructor(
    private readonly pools: readonly Pool[],
    private readonly bodyTimeoutMs: number,
  ) {}

  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    const exchange: Exchange = { target, statusCode: 0, headSent: false };
    return this.pools[request.endpoint]
      .stream(
        {
          path: request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers as Record<string, string | string[]>,
          body: request.body,
          signal: request.signal,
          headersTimeout: request.timeoutMs,
          bodyTimeout: this.bodyTimeoutMs,
          opaque: exchange,
        },
        writeHead,
      )
      .then(
        (): ForwardOutcome => ({ kind: 'response', statusCode: exchange.statusCode }),
        (error: unknown): ForwardOutcome => ({
          kind: 'failure',
          failure: upstreamErrorKind(error),
          headSent: exchange.headSent,
          cause: error,
        }),
      );
  }

  /** Lets in-flight requests finish (pools close gracefully), then releases every connection. */
  dispose(): Promise<void> {
    this.disposal ??= Promise.all(this.pools.map((pool) => pool.close())).then(() => undefined);
    return this.disposal;
  }
}
