import { Injectable } from '@nestjs/common';
import { type ClusterSpec, type Connector, ConnectorFactory, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls, dialledSetProblems } from '#upstream';
import { WebSocketConnector } from './websocket-connector.js';
import { WebSocketEndpoint } from './websocket-endpoint.js';

/**
 * The `websocket` backend type: WebSocket APIs proxied to ws/wss endpoints (spec §10.2). Endpoints
 * must pass `upstream.destinations` at deploy time and again on every connect.
 */
@GatewayConnector({ type: 'websocket' })
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
    return new WebSocketConnector(endpoints, {
      maxMessageBytes: this.settings.upstream.websocket.maxMessageBytes,
      idleTimeoutMs: this.settings.upstream.websocket.idleTimeoutMs,
      maxLifetimeMs: this.settings.upstream.websocket.maxLifetimeMs,
    });
  }
}
