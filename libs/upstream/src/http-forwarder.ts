import { type Dispatcher, Pool } from 'undici';
import { authorityOf, type ClusterSpec, type Connector, type ForwardOutcome, type ProbeResult, type ResponseTarget, type UpstreamRequest } from '#core';
import type { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import type { BackendTls } from './backend-tls.js';
import { EndpointProbe } from './endpoint-probe.js';
import { ForwardAttempt } from './forward-attempt.js';
import { guardedConnector } from './guarded-connector.js';

/**
 * Forwards to HTTP(S) backends over one keep-alive undici Pool per endpoint: the `rest`
 * connector, and the `soap` connector's pass-through. Bodies stream both ways with backpressure:
 * the request body is piped from the client, the response body is written straight into the
 * client response.
 */
export class HttpForwarder implements Connector {
  private disposal: Promise<void> | undefined;

  /**
   * The pools and probes of a cluster: one pool per endpoint, dialled through the destination
   * guard with the set's TLS; the cluster's maxConnections (spec §9.3) bounds each pool, since it
   * bounds the tries in flight across members.
   */
  static forCluster(spec: ClusterSpec, settings: GatewaySettings, destinations: UpstreamDestinationPolicy, backendTls: BackendTls): HttpForwarder {
    const upstream = settings.upstream;
    const pools: Pool[] = [];
    const probes: EndpointProbe[] = [];
    const poolSize = Math.min(upstream.maxConnectionsPerEndpoint, spec.endpointSet.circuitBreakers?.maxConnections ?? Number.MAX_SAFE_INTEGER);
    for (const url of spec.endpointSet.urls) {
      const origin = new URL(`${url.scheme}://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`);
      // One connect function per endpoint: probes dial exactly as the pool does, TLS included.
      const tls = backendTls.connectionOptions(url, spec.endpointSet.tls);
      const connect = guardedConnector(destinations, url.port, { timeout: upstream.connectTimeoutMs, ...tls });
      const pool = new Pool(origin, {
        connections: poolSize,
        pipelining: 1,
        keepAliveTimeout: upstream.keepAliveTimeoutMs,
        headersTimeout: upstream.routeTimeoutMs,
        bodyTimeout: upstream.idleTimeoutMs,
        connect,
      });
      pools.push(pool);
      probes.push(new EndpointProbe(origin, connect, pool, authorityOf(url)));
    }
    return new HttpForwarder(pools, upstream.idleTimeoutMs, probes);
  }

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
