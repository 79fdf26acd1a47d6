import { createHash } from 'node:crypto';
import type { PersistedRecord, StoredArtifactRef } from '../deploy/deployment-record.js';
import type { StoredState } from './persisted-state.js';

export type ArtifactDescription = Omit<StoredArtifactRef, 'sha256'>;

/** What the admin API reports about the store (`GET /portico/v1/deployments/store`). */
export interface StoreStatus {
  readonly type: string;
  /** Whether a deploy or undeploy can be written now. */
  readonly acceptingChanges: boolean;
  /** The revision of the state this process serves. */
  readonly revision: number;
  /** Why changes are refused, when they are. */
  readonly problem?: string;
}

/**
 * Where admin deployments are kept: every record (API, version, environment, vhost, time) and
 * the artifacts they were deployed from, at a revision that grows by one with every committed
 * change. `file` (FileDeploymentStore, one writer) is the default; `redis` (RedisDeploymentStore)
 * is shared by replicas. The deploy pipeline is the only writer in a process; a store that others
 * write too reports their changes through `watch`, and `latest` hands them over.
 */
export abstract class DeploymentStore {
  abstract readonly type: string;

  /** Boot: the state to start from (recovering what a crash left, where the store can). */
  abstract open(): Promise<StoredState>;

  /** The newest state, when it is newer than `revision` (someone else wrote it); else undefined. */
  abstract latest(revision: number): Promise<StoredState | undefined>;

  /** Stores the bytes under `ref`; idempotent. */
  abstract saveArtifact(bytes: Uint8Array, ref: StoredArtifactRef): Promise<void>;

  abstract readArtifact(ref: StoredArtifactRef): Promise<Buffer>;

  /**
   * Replaces the state at revision `base` by `records`, durably, and returns the new revision.
   * Throws StaleStateError when the stored state is no longer at `base` (another writer came
   * first: catch up and plan again) and StoreUnavailableError when it cannot be written now.
   */
  abstract writeState(records: readonly PersistedRecord[], base: number): Promise<number>;

  /**
   * The records the pipeline now holds as persisted (after boot or applying another writer's
   * state): later writes tell changed records by identity.
   */
  adopt(_records: readonly PersistedRecord[]): void {}

  /** Calls `onChange` when another writer may have changed the state; returns the unsubscribe. */
  watch(_onChange: () => void): () => void {
    return () => undefined;
  }

  abstract status(revision: number): StoreStatus;

  async close(): Promise<void> {}

  /** The reference the bytes will be stored under (their SHA-256); writes nothing. */
  refFor(bytes: Uint8Array, description: ArtifactDescription): StoredArtifactRef {
    return { ...description, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}

/** The stored state moved on since the change was planned: catch up and plan it again. */
export class StaleStateError extends Error {
  constructor(readonly base: number, readonly found: number) {
    super(`the deployments changed (revision ${found}, planned on ${base})`);
    this.name = 'StaleStateError';
  }
}

/** The store cannot take a change now (Redis unreachable, a read-only worker): the admin API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export function artifactFileName(ref: StoredArtifactRef): string {
  return `${ref.sha256}.${ref.format}`;
}
