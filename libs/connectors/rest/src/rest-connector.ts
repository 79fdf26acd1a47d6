import type { Dispatcher, Pool } from 'undici';
import type { Connector, ForwardOutcome, ProbeResult, ResponseTarget, UpstreamRequest } from '#core';
import type { EndpointProbe } from '#upstream';
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
    /** One per endpoint, in the pools' order. */
    private readonly probes: readonly EndpointProbe[],
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

  probe(endpoint: number, path: string | undefined, signal: AbortSignal): Promise<ProbeResult> {
    const probe = this.probes[endpoint] as EndpointProbe | undefined;
    return probe === undefined ? Promise.resolve({ healthy: false, detail: `no endpoint ${endpoint}` }) : probe.run(path, signal);
  }

  /** Lets in-flight requests finish (pools close gracefully), then releases every connection. */
  dispose(): Promise<void> {
    this.disposal ??= Promise.all(this.pools.map((pool) => pool.close())).then(() => undefined);
    return this.disposal;
  }
}
