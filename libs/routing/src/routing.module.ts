import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ROUTING_PUBLISHER, SNAPSHOT_SOURCE } from '#core';
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
  ],
  exports: [ConnectorRegistry, RoutingTable, ROUTING_PUBLISHER, SNAPSHOT_SOURCE],
})
export class RoutingModule {}
