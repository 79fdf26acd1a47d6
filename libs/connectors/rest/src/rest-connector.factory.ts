import { Injectable } from '@nestjs/common';
import { Pool } from 'undici';
import { authorityOf, type ClusterSpec, type Connector, ConnectorFactory, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls, dialledSetProblems, EndpointProbe, guardedConnector } from '#upstream';
import { RestConnector } from './rest-connector.js';

/**
 * The `rest` backend type: HTTP/1.1 over undici pools, plain or TLS (spec §10.1, §14). Endpoints
 * must pass `upstream.destinations` at deploy time and again on every connect.
 */
@GatewayConnector({ type: 'rest' })
@Injectable()
export class RestConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly settings: GatewaySettings,
    private readonly destinations: UpstreamDestinationPolicy,
    private readonly backendTls: BackendTls,
  ) {
    super();
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    return dialledSetProblems(spec, { type: 'rest', schemes: ['http', 'https'] }, this.destinations, this.backendTls);
  }

  create(spec: ClusterSpec): Connector {
    const upstream = this.settings.upstream;
    const pools: Pool[] = [];
    const probes: EndpointProbe[] = [];
    // The cluster's maxConnections (spec §9.3) bounds the tries in flight across members; no
    // member needs a bigger pool than that either.
    const poolSize = Math.min(upstream.maxConnectionsPerEndpoint, spec.endpointSet.circuitBreakers?.maxConnections ?? Number.MAX_SAFE_INTEGER);
    for (const url of spec.endpointSet.urls) {
      const origin = new URL(`${url.scheme}://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`);
      // One connect function per endpoint: probes dial exactly as the pool does, TLS included.
      const tls = this.backendTls.connectionOptions(url, spec.endpointSet.tls);
      const connect = guardedConnector(this.destinations, url.port, { timeout: upstream.connectTimeoutMs, ...tls });
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
    return new RestConnector(pools, upstream.idleTimeoutMs, probes);
  }
}
