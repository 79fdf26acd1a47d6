import { SetMetadata } from '@nestjs/common';
import { CONNECTOR_CONTRACT_VERSION } from './connector-contract-version.js';
import type { ObjectOptionSchema } from './connector-options-schema.js';

/** What the connectors of a type can do, declared so the gateway and the contract test kit can rely on it. */
export interface ConnectorCapabilities {
  /** Its connectors implement `upgrade` (WebSocket handshakes). */
  readonly upgrade?: boolean;
  /** Its connectors implement `probe`, so active health checks apply to its endpoint sets. */
  readonly probe?: boolean;
  /** `none`: it calls no endpoint URLs (mock, in-process functions), so a set may have none; default `required`. */
  readonly endpoints?: 'required' | 'none';
  /** The URL schemes its endpoints may use (lower case, e.g. `amqp`, `amqps`); default `http`, `https` (none with `endpoints: 'none'`). */
  readonly schemes?: readonly string[];
}

export interface GatewayConnectorMetadata {
  /** The type string definitions select the connector by, e.g. `rest`; namespace your own (`acme.queue`). */
  readonly type: string;
  /** One line for the admin API's list of connector types. */
  readonly description?: string;
  /** The options it accepts; checked at deploy time. Absent: it takes no options. */
  readonly options?: ObjectOptionSchema;
  readonly capabilities?: ConnectorCapabilities;
}

/** What `@GatewayConnector` records on the factory class: the metadata and the contract version it was built for. */
export interface ConnectorStamp extends GatewayConnectorMetadata {
  readonly contractVersion: string;
}

/**
 * The metadata key of `@GatewayConnector`. A string, not a per-copy symbol: a connector package
 * may bring its own copy of @portico/sdk, and the gateway must still find its factories (and
 * then refuse them by contract version if they do not fit).
 */
export const CONNECTOR_METADATA = 'portico:connector';

/** Marks a ConnectorFactory provider so the connector registry discovers it at boot. */
export function GatewayConnector(metadata: GatewayConnectorMetadata): ClassDecorator {
  const stamp: ConnectorStamp = { ...metadata, contractVersion: CONNECTOR_CONTRACT_VERSION };
  return SetMetadata(CONNECTOR_METADATA, stamp);
}
