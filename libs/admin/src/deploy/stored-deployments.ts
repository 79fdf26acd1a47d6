import type { LoadedApi } from '#core';
import type { DeploymentStore } from '../store/deployment-store.js';
import type { DeployInput } from './deploy-input.js';
import type { DeployCandidate } from './deploy-plan.js';
import type { DeploymentRecord, PersistedRecord } from './deployment-record.js';

/** Records deployed together (same API, artifact and time) are restored together. */
export function groupPersisted(records: readonly PersistedRecord[]): PersistedRecord[][] {
  const groups = new Map<string, PersistedRecord[]>();
  for (const r of records) {
    const group = groups.get(groupKey(r));
    if (group === undefined) groups.set(groupKey(r), [r]);
    else group.push(r);
  }
  return [...groups.values()];
}

function groupKey(r: { name: string; version: string; deployedAt: string; artifact: { sha256: string; format: string } }): string {
  return JSON.stringify([r.name, r.version, r.artifact.sha256, r.artifact.format, r.deployedAt]);
}

/**
 * The candidate a group of persisted records stands for: its artifact read from the store and
 * loaded again, or the definition already loaded for the same deploy (`known`), so applying a
 * state that kept a deployment neither reads nor compiles it again.
 */
export async function storedCandidate(
  group: readonly PersistedRecord[],
  store: DeploymentStore,
  load: (input: DeployInput) => Promise<LoadedApi>,
  known: readonly DeploymentRecord[] = [],
): Promise<DeployCandidate> {
  const { name, version, artifact, deployedAt } = group[0];
  const targets = group.map((r) => ({ environment: r.environment, vhost: r.vhost }));
  const location = { kind: 'stored', ref: artifact } as const;
  const same = known.find((r) => r.origin === 'admin' && r.artifact.kind === 'stored' && groupKey({ ...r, artifact: r.artifact.ref }) === groupKey(group[0]));
  if (same !== undefined) return { loaded: same.loaded, targets, origin: 'admin', artifact: same.artifact, deployedAt };
  const bytes = await store.readArtifact(artifact);
  const loaded = await load({ kind: 'upload', bytes, format: artifact.format, name: artifact.name });
  if (loaded.api.name !== name || loaded.api.version !== version) {
    throw new Error(`the stored artifact now defines ${loaded.api.name}:${loaded.api.version}`);
  }
  return { loaded, targets, origin: 'admin', artifact: location, deployedAt };
}
