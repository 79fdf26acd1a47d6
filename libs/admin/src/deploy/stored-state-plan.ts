import type { Logger } from '@nestjs/common';
import { type LoadedApi, printable } from '#core';
import type { DeploymentStore } from '../store/deployment-store.js';
import type { StoredState } from '../store/persisted-state.js';
import type { DeployInput } from './deploy-input.js';
import type { DeploymentRecord, PersistedRecord } from './deployment-record.js';
import { groupPersisted, storedCandidate } from './stored-deployments.js';

export interface StoredStatePlan {
  /** What serves the state: records that did not change are the ones already served (same objects). */
  readonly records: readonly DeploymentRecord[];
  /** Stored records this process cannot serve (environment not configured here, artifact unreadable). */
  readonly unrestored: readonly PersistedRecord[];
}

export interface StoredStateContext {
  readonly store: DeploymentStore;
  readonly environments: readonly { readonly name: string }[];
  readonly load: (input: DeployInput) => Promise<LoadedApi>;
  readonly logger: Logger;
}

/**
 * The records that serve a state another writer committed (a replica through Redis, the primary
 * for its workers): every stored deployment, reusing the records and definitions already served
 * for those that did not change, plus this process's own `apisDir` deployments where no stored
 * deployment took their place (their slot or their base path on the vhost), as at boot.
 */
export async function planStoredState(current: readonly DeploymentRecord[], state: StoredState, context: StoredStateContext): Promise<StoredStatePlan> {
  const { store, environments, load, logger } = context;
  const known = current.filter((r) => r.origin === 'admin');
  const stored: DeploymentRecord[] = [];
  const unrestored: PersistedRecord[] = [];
  for (const group of groupPersisted(state.records)) {
    const configured = group.filter((r) => environments.some((e) => e.name === r.environment));
    unrestored.push(...group.filter((r) => !configured.includes(r)));
    if (configured.length === 0) continue;
    const { name, version } = configured[0];
    try {
      const candidate = await storedCandidate(configured, store, load, known);
      for (const { environment, vhost } of candidate.targets) {
        const same = known.find((r) => r.loaded === candidate.loaded && r.vhost === vhost && r.environment === environment);
        stored.push(same ?? { name, version, environment, vhost, origin: 'admin', deployedAt: candidate.deployedAt, artifact: candidate.artifact, loaded: candidate.loaded });
      }
    } catch (error) {
      unrestored.push(...configured);
      logger.error(`${name}:${version} (revision ${state.revision}): not deployed: ${printable((error as Error).message)}`);
    }
  }
  const slots = new Set(stored.map((r) => key(r.name, r.version, r.vhost)));
  const basePaths = new Set(stored.map((r) => key(r.vhost, r.loaded.api.basePath)));
  const files: DeploymentRecord[] = [];
  for (const r of current) {
    if (r.origin !== 'file') continue;
    if (!slots.has(key(r.name, r.version, r.vhost)) && !basePaths.has(key(r.vhost, r.loaded.api.basePath))) files.push(r);
    else logger.warn(`${r.name}:${r.version} from ${printable(fileOf(r))} on ${r.vhost} is replaced by a deployment of revision ${state.revision}`);
  }
  return { records: [...files, ...stored], unrestored };
}

function fileOf(record: DeploymentRecord): string {
  return record.artifact.kind === 'file' ? record.artifact.path : 'apisDir';
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}
