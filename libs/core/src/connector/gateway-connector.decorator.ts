import { DiscoveryService } from '@nestjs/core';

export interface GatewayConnectorMetadata {
  /** The type string definitions select the connector by, e.g. `rest`. */
  readonly type: string;
}

/** Marks a ConnectorFactory provider so the connector registry discovers it. */
export const GatewayConnector = DiscoveryService.createDecorator<GatewayConnectorMetadata>();
