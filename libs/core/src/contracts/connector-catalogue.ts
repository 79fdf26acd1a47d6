import type { ConnectorCapabilities } from '../connector/gateway-connector.decorator.js';
import type { ObjectOptionSchema } from '../connector/connector-options-schema.js';

/** One registered connector type, as the admin API lists it. */
export interface ConnectorDescription {
  readonly type: string;
  readonly description?: string;
  /** The Nest module that provides the factory, and the factory class. */
  readonly module: string;
  readonly factory: string;
  readonly contractVersion: string;
  readonly capabilities: Required<ConnectorCapabilities>;
  /** The options as JSON Schema, with `additionalProperties: false` written out where the declaration left it implicit. */
  readonly options: ObjectOptionSchema;
}

/** The registered connector types (the registry implements it; the admin API reads it). */
export interface ConnectorCatalogue {
  list(): readonly ConnectorDescription[];
}
