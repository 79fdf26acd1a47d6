import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CLUSTER_DIRECTORY, CONNECTOR_CATALOGUE, ROUTING_PUBLISHER, SNAPSHOT_SOURCE } from '#core';
import { ConnectorRegistry } from './connector-registry.js';
import { RoutingTable } from './routing-table.js';

/** Connector registry and the routing table, exposed through the core contracts. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    ConnectorRegistry,
    RoutingTable,
    { provide: ROUTING_PUBLISHER, useExisting: RoutingTable },
    { provide: SNAPSHOT_SOURCE, useExisting: RoutingTable },
    { provide: CLUSTER_DIRECTORY, useExisting: RoutingTable },
    { provide: CONNECTOR_CATALOGUE, useExisting: ConnectorRegistry },
  ],
  exports: [ConnectorRegistry, RoutingTable, ROUTING_PUBLISHER, SNAPSHOT_SOURCE, CLUSTER_DIRECTORY, CONNECTOR_CATALOGUE],
})
export class RoutingModule {}
