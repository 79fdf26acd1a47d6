import { Injectable } from '@nestjs/common';
import type { ConnectionOptions } from 'node:tls';
import { Pool } from 'undici';
import { authorityOf, type ClusterSpec, type Connector, ConnectorFactory, type EndpointUrl, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls, dialledSetProblems, EndpointProbe, guardedConnector } from '#upstream';
import { WebSocketConnector } from './websocket-connector.js';
import { WebSocketEndpoint } from './websocket-endpoint.js';

/**
 * The `websocket` backend type: WebSocket APIs proxied to ws/wss endpoints (spec §10.2). Endpoints
 * must pass `upstream.destinations` at deploy time and again on every connect.
 */
@GatewayConnector({ type: 'websocket', description: 'WebSocket APIs: handshakes proxied to ws/wss endpoints, frames relayed', capabilities: { upgrade: true, probe: true, schemes: ['ws', 'wss'] } })
@Injectable()
export class WebSocketConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly settings: GatewaySettings,
    private readonly destinations: UpstreamDestinationPolicy,
    private readonly backendTls: BackendTls,
  ) {
    super();
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    return dialledSetProblems(spec, { type: 'websocket', schemes: ['ws', 'wss'] }, this.destinations, this.backendTls);
  }

  create(spec: ClusterSpec): WebSocketConnector & Connector {
    const set = spec.endpointSet;
    const endpoints = set.urls.map((url) => new WebSocketEndpoint(url, this.backendTls.connectionOptions(url, set.tls), this.destinations));
    const probes = set.urls.map((url) => this.probeOf(url, this.backendTls.connectionOptions(url, set.tls)));
    return new WebSocketConnector(endpoints, probes, {
      maxMessageBytes: this.settings.upstream.websocket.maxMessageBytes,
      idleTimeoutMs: this.settings.upstream.websocket.idleTimeoutMs,
      maxLifetimeMs: this.settings.upstream.websocket.maxLifetimeMs,
    });
  }

  /**
   * Health probes of one endpoint (spec §8.2): a connect (TLS for wss) through the destination
   * guard, or a GET of a path on the endpoint's http/https twin, over a one-connection pool that
   * holds no socket until a GET probe runs.
   */
  private probeOf(url: EndpointUrl, tls: ConnectionOptions): { probe: EndpointProbe; pool: Pool } {
    const host = url.host.includes(':') ? `[${url.host}]` : url.host;
    const origin = new URL(`${url.scheme === 'wss' ? 'https' : 'http'}://${host}:${url.port}`);
    const connect = guardedConnector(this.destinations, url.port, { timeout: this.settings.upstream.connectTimeoutMs, ...tls });
    const pool = new Pool(origin, { connections: 1, connect });
    return { probe: new EndpointProbe(origin, connect, pool, authorityOf(url)), pool };
  }
}
