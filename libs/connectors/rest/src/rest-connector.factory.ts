import { Injectable } from '@nestjs/common';
import { type ClusterSpec, type Connector, ConnectorFactory, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls, dialledSetProblems, HttpForwarder } from '#upstream';

/**
 * The `rest` backend type: HTTP/1.1 over undici pools, plain or TLS (spec §10.1, §14). Endpoints
 * must pass `upstream.destinations` at deploy time and again on every connect.
 */
@GatewayConnector({ type: 'rest', description: 'HTTP/1.1 backends over pooled connections, plain or TLS', capabilities: { probe: true, schemes: ['http', 'https'] } })
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
    return HttpForwarder.forCluster(spec, this.settings, this.destinations, this.backendTls);
  }
}
