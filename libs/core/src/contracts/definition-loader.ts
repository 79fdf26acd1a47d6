import type { ApiDefinition } from '../model/api-definition.js';
import type { Problem } from '../errors/problem.js';

/** An artifact to deploy, as it arrived. */
export type ApiSource =
  /** An apictl project zip (spec §3.1). */
  | { readonly kind: 'zip'; readonly data: Buffer; readonly name?: string }
  /** An apictl project folder on disk. */
  | { readonly kind: 'folder'; readonly path: string }
  /** A single OpenAPI 2/3 document, YAML or JSON, without api.yaml. */
  | { readonly kind: 'document'; readonly text: string; readonly name?: string };

export interface LoadedApi {
  readonly api: ApiDefinition;
  /** Non-fatal normalisations (capped timeouts, dropped retry codes, skipped environments, …). */
  readonly warnings: readonly Problem[];
}

/**
 * Turns an artifact into the normalized model. Rejects with DeployRejectedError listing every
 * problem found, each with its location.
 */
export interface DefinitionLoader {
  load(source: ApiSource): Promise<LoadedApi>;
  /**
   * The files of a project zip the gateway reads (definitions, certificates, WSDL and XSD
   * documents) by path from the project root, read with every defence of `load` (limits checked
   * while inflating, paths that leave the project refused). Rejects with DeployRejectedError.
   */
  readProjectFiles(zip: Buffer): Promise<ReadonlyMap<string, Buffer>>;
}
