import type { ApiType, DeploymentTarget, LoadedApi, Problem } from '#core';

/** Who asked for a deployment: the admin API (persisted) or a project under `apisDir` (re-read at boot). */
export type DeploymentOrigin = 'admin' | 'file';

/** An artifact kept in the deployment store, named by the SHA-256 of its bytes. */
export interface StoredArtifactRef {
  readonly sha256: string;
  readonly kind: 'zip' | 'document';
  /** How the bytes are encoded; decides the file extension and the definition's content type. */
  readonly format: 'zip' | 'yaml' | 'json';
  /** The name the artifact arrived with (upload file name), for messages. */
  readonly name?: string;
}

/** Where the bytes a deployment was made from can be read again. */
export type ArtifactLocation =
  | { readonly kind: 'stored'; readonly ref: StoredArtifactRef }
  | { readonly kind: 'file'; readonly path: string; readonly format: 'zip' | 'folder' };

/** One API on one vhost: the unit the pipeline adds, replaces and removes. */
export interface DeploymentRecord {
  readonly name: string;
  readonly version: string;
  readonly environment: string;
  readonly vhost: string;
  readonly origin: DeploymentOrigin;
  /** ISO 8601 time of the deploy (kept across restarts for persisted deployments). */
  readonly deployedAt: string;
  readonly artifact: ArtifactLocation;
  readonly loaded: LoadedApi;
}

/** A record as written to `state.json` (admin-origin deployments only). */
export interface PersistedRecord {
  readonly name: string;
  readonly version: string;
  readonly environment: string;
  readonly vhost: string;
  readonly artifact: StoredArtifactRef;
  readonly deployedAt: string;
}

/** What a successful deploy tells the caller. */
export interface DeploySummary {
  readonly name: string;
  readonly version: string;
  readonly id: string;
  readonly basePath: string;
  readonly type: ApiType;
  readonly connector: string;
  readonly targets: readonly DeploymentTarget[];
  /** False when the API already existed on one of the target vhosts and was replaced. */
  readonly created: boolean;
  readonly warnings: readonly Problem[];
}

export function toPersisted(record: DeploymentRecord): PersistedRecord | undefined {
  if (record.origin !== 'admin' || record.artifact.kind !== 'stored') return undefined;
  const { name, version, environment, vhost, deployedAt } = record;
  return { name, version, environment, vhost, deployedAt, artifact: record.artifact.ref };
}
