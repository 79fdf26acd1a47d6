import type { Pool } from 'undici';
import type { Connector, ForwardOutcome, ProbeResult, ResponseTarget, UpgradeOutcome, UpgradeRequest, UpstreamRequest } from '#core';
import type { EndpointProbe } from '#upstream';
import type { FrameTunnelOptions } from './frame-tunnel.js';
import { UpgradeAttempt } from './upgrade-attempt.js';
import type { WebSocketEndpoint } from './websocket-endpoint.js';

export interface WebSocketConnectorOptions {
  /** Largest message either side may send (all its fragments); a larger one closes both sides with 1009. */
  readonly maxMessageBytes: number;
  /** No byte either way for this long closes the connection (spec §10.2, routeIdleTimeoutInSeconds). */
  readonly idleTimeoutMs: number;
  /** Unsent bytes towards one side above which the other side stops being read; default 1 MiB. */
  readonly bufferHighWaterMark?: number;
  /** A connection open this long is closed with 1001; default 24 h (spec §10.2). */
  readonly maxLifetimeMs?: number;
}

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
const DEFAULT_MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;
const UPGRADE_REQUIRED = Buffer.from('This is a WebSocket API: connect with a WebSocket handshake (Upgrade: websocket).\n');

/**
 * Proxies WebSocket connections to ws/wss backends (spec §10.2). The data plane hands over each
 * handshake after routing and security; frames then flow between the two sockets until either
 * side closes. Established connections outlive `dispose`: the data plane drains them through
 * their cancellation.
 */
export class WebSocketConnector implements Connector {
  private readonly tunnelOptions: FrameTunnelOptions;
  private disposed = false;

  constructor(
    /** One per endpoint of the set, in its order. */
    private readonly endpoints: readonly WebSocketEndpoint[],
    /** Health probes, one per endpoint, with the pool their GET probes use. */
    private readonly probes: readonly { readonly probe: EndpointProbe; readonly pool: Pool }[],
    options: WebSocketConnectorOptions,
  ) {
    this.tunnelOptions = {
      maxPayload: options.maxMessageBytes,
      idleTimeoutMs: options.idleTimeoutMs,
      highWaterMark: options.bufferHighWaterMark ?? DEFAULT_HIGH_WATER_MARK,
      maxLifetimeMs: options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS,
    };
  }

  /** A plain HTTP request to a WebSocket API: 426 Upgrade Required, the backend is not called. */
  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    request.body?.resume();
    const body = target.accept({
      statusCode: 426,
      headers: {
        upgrade: 'websocket',
        connection: 'upgrade',
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(UPGRADE_REQUIRED.length),
      },
    });
    body?.end(UPGRADE_REQUIRED);
    return Promise.resolve({ kind: 'response', statusCode: 426 });
  }

  upgrade(request: UpgradeRequest): Promise<UpgradeOutcome> {
    const endpoint = this.endpoints[request.endpoint] as WebSocketEndpoint | undefined;
    if (endpoint === undefined || this.disposed) {
      const why = endpoint === undefined ? `no endpoint ${request.endpoint}` : 'the connector was disposed';
      return Promise.resolve({ kind: 'failure', failure: 'aborted', cause: new Error(why) });
    }
    return new Promise((settle) => new UpgradeAttempt(request, endpoint, this.tunnelOptions, this.accepting, settle).start());
  }

  private readonly accepting = (): boolean => !this.disposed;

  probe(endpoint: number, path: string | undefined, signal: AbortSignal): Promise<ProbeResult> {
    const probe = this.probes[endpoint] as { probe: EndpointProbe } | undefined;
    return probe === undefined ? Promise.resolve({ healthy: false, detail: `no endpoint ${endpoint}` }) : probe.probe.run(path, signal);
  }

  /** Refuses further handshakes; live connections go on until they end or are cancelled. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    return Promise.all(this.probes.map(({ pool }) => pool.close())).then(() => undefined);
  }
}
