import type { DefinitionFormat, KeyType, Operation } from '#core';
import type { GatewaySettings } from '#settings';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import type { UrlFamily } from '../endpoints/endpoint-url.js';
import type { JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

/** A path item (OpenAPI) or channel (AsyncAPI), read. */
export interface ParsedResource {
  /** The template as written, without a query part. */
  readonly path: string;
  readonly pointer: string;
  /** The raw path item, for its endpoint extensions. */
  readonly item: JsonObject;
  readonly operations: readonly Operation[];
  /** OpenAPI 3 path-item `servers`: the resource's production endpoints. */
  readonly servers?: EndpointDraft;
  readonly uriMapping?: string;
}

/** What the definition itself says, before vendor extensions and api.yaml are merged in. */
export interface ParsedDefinition {
  readonly format: DefinitionFormat;
  readonly file: string;
  readonly document: JsonObject;
  readonly title?: string;
  readonly version?: string;
  /** Base path from `basePath` (OpenAPI 2) or the server URL path (OpenAPI 3). */
  readonly basePath?: { readonly value: string; readonly location: string };
  /** Endpoints from `host` (OpenAPI 2), `servers` (OpenAPI 3, AsyncAPI). */
  readonly endpoints: Partial<Record<KeyType, EndpointDraft>>;
  /** OpenAPI 2 `host` replaces the production endpoint and clears the sandbox one. */
  readonly clearsSandbox: boolean;
  readonly resources: readonly ParsedResource[];
  readonly securitySchemes: Readonly<Record<string, unknown>>;
}

export interface DefinitionContext {
  readonly file: string;
  readonly family: UrlFamily;
  readonly settings: GatewaySettings;
  readonly problems: ProblemCollector;
  /** Prototyped APIs ignore the definition's host and servers (spec §10.6). */
  readonly prototyped: boolean;
}
