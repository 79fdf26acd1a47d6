import { type ConnectionOptions } from 'node:tls';
import { Agent, type buildConnector } from 'undici';
import { upstreamErrorKind } from '#upstream';
import { type SoapHttpRequest } from '../request/soap-request-input.js';
import { type SoapHttpAnswer } from '../response/soap-response-reader.js';
import { SoapTransportError } from '../soap-errors.js';

export interface SoapHttpSenderOptions {
  /** Backend TLS (trust, client certificate, servername), as BackendTls builds it for an endpoint set. */
  readonly tls?: ConnectionOptions;
  /** A connector that checks destinations (#upstream guardedConnector); replaces `tls` when given. */
  readonly connector?: buildConnector.connector;
  /** Largest SOAP response read; a larger one fails as `too-large`. */
  readonly maxResponseBytes?: number;
  /** Keep-alive pool per origin (the connector's upstream settings); undici's defaults otherwise. */
  readonly pool?: { readonly connections?: number; readonly keepAliveTimeoutMs?: number };
}

export interface SoapSendOptions {
  /** Aborts the exchange (client gone, gateway shutting down). */
  readonly signal?: AbortSignal;
  /** Time allowed for the whole exchange (head and body), in milliseconds. */
  readonly timeoutMs?: number;
}

/** What a sender must do; the data plane may provide its own (its REST pools) instead of SoapHttpSender. */
export interface SoapSender {
  send(endpoint: string, request: SoapHttpRequest, options: SoapSendOptions): Promise<SoapHttpAnswer>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Sends prepared SOAP requests with undici over keep-alive connections, one pool per origin, so a
 * cluster's members share one sender and each try names its member. Owned by the connector that
 * creates it: dispose() closes the pools.
 */
export class SoapHttpSender implements SoapSender {
  /** The keep-alive pools; health probes of the members go through them too. */
  readonly dispatcher: Agent;
  private readonly maxResponseBytes: number;
  private closing: Promise<void> | undefined;

  constructor(options: SoapHttpSenderOptions = {}) {
    this.dispatcher = new Agent({
      connect: options.connector ?? { ...options.tls },
      ...(options.pool?.connections !== undefined && { connections: options.pool.connections }),
      ...(options.pool?.keepAliveTimeoutMs !== undefined && { keepAliveTimeout: options.pool.keepAliveTimeoutMs }),
    });
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async send(endpoint: string, request: SoapHttpRequest, options: SoapSendOptions = {}): Promise<SoapHttpAnswer> {
    const url = new URL(endpoint);
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) throw new SoapTransportError('aborted', `the SOAP call to ${url.origin} was aborted`);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeoutMs);
    try {
      const response = await this.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(request.body.length) },
        body: request.body,
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxResponseBytes) {
          response.body.destroy();
          throw new SoapTransportError('too-large', `the SOAP response from ${url.origin} exceeds ${this.maxResponseBytes} bytes`);
        }
        chunks.push(chunk);
      }
      return { status: response.statusCode, body: Buffer.concat(chunks) };
    } catch (error) {
      if (error instanceof SoapTransportError) throw error;
      const failure = timedOut ? 'timeout' : options.signal?.aborted ? 'aborted' : upstreamErrorKind(error);
      throw new SoapTransportError(failure, `the SOAP call to ${url.origin} failed (${failure})`, { cause: error });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes the pools; idempotent. */
  dispose(): Promise<void> {
    this.closing ??= this.dispatcher.close();
    return this.closing;
  }
}
