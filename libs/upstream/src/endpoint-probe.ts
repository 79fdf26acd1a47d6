import type { buildConnector, Dispatcher } from 'undici';
import type { ProbeResult } from '#core';
import { DESTINATION_DENIED_CODE } from './destination-denied-error.js';

/**
 * Health probes of one endpoint (spec §8.2), for every connector that dials HTTP-family
 * backends (REST, SOAP, WebSocket): a connect through the connector's own connect function (so
 * `upstream.destinations` applies and a TLS endpoint must complete its handshake), or a GET of a
 * path through a dispatcher of the connector's, healthy on 2xx and 3xx. Never throws.
 */
export class EndpointProbe {
  private readonly target: buildConnector.Options;

  private readonly origin: string;

  constructor(
    /** http(s) origin of the endpoint (a ws/wss endpoint's is its http/https twin). */
    origin: URL,
    private readonly connect: buildConnector.connector,
    /** What GET probes go through: the endpoint's pool, or an agent that reaches the origin. */
    private readonly dispatcher: Dispatcher,
    /** The Host header for HTTP probes, as requests to this endpoint send it. */
    private readonly authority: string,
  ) {
    this.origin = origin.origin;
    // As undici dials: IPv6 literals without their brackets.
    const hostname = origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;
    this.target = { hostname, host: origin.host, protocol: origin.protocol, port: origin.port };
  }

  run(path: string | undefined, signal: AbortSignal): Promise<ProbeResult> {
    return path === undefined ? this.connectOnce(signal) : this.get(path, signal);
  }

  /** Opens a connection and closes it at once; an abort answers at once, a late socket is closed. */
  private connectOnce(signal: AbortSignal): Promise<ProbeResult> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: ProbeResult): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => settle({ healthy: false, detail: 'aborted' });
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        this.connect(this.target, (error, socket) => {
          socket?.destroy();
          settle(error ? { healthy: false, detail: detailOf(error) } : { healthy: true });
        });
      } catch (error) {
        settle({ healthy: false, detail: detailOf(error) });
      }
    });
  }

  private async get(path: string, signal: AbortSignal): Promise<ProbeResult> {
    try {
      const { statusCode, body } = await this.dispatcher.request({ origin: this.origin, method: 'GET', path, signal, headers: { host: this.authority } });
      // Read and drop the body, so the connection goes back to the pool.
      await body.dump();
      return statusCode >= 200 && statusCode < 400 ? { healthy: true } : { healthy: false, detail: `HTTP ${statusCode}` };
    } catch (error) {
      return { healthy: false, detail: detailOf(error) };
    }
  }
}

/** The error's code and message (`connect ECONNREFUSED 127.0.0.1:1`), for the admin view. */
function detailOf(error: unknown): string {
  const { code, message, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  // Errors are read by shape: they may come from another realm (Node internals under a VM).
  let text = typeof message === 'string' ? message : String(error);
  // Happy eyeballs fails with an AggregateError whose own message is empty.
  if (text === '' && Array.isArray(errors)) text = errors.map((e: unknown) => detailOf(e)).join('; ');
  // Our own refusal says everything in its message.
  if (typeof code !== 'string' || code === DESTINATION_DENIED_CODE || text.includes(code)) return text || 'failed';
  return text === '' ? code : `${code}: ${text}`;
}
