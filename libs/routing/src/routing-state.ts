import type { ApiDefinition } from '#core';
import type { CompiledApi } from './api-compiler.js';
import type { ClusterRuntime } from './cluster-runtime.js';

/** A compiled API and the vhosts (lower-case names) it is served on. */
export interface PlacedApi {
  readonly compiled: CompiledApi;
  readonly vhosts: readonly string[];
}

/** What a prepared snapshot changes in the routing state when it is published. */
export interface RoutingChanges {
  /** New placement per API; undefined: the API is no longer served. */
  readonly placements: ReadonlyMap<ApiDefinition, PlacedApi | undefined>;
  /** Change in the number of compiled APIs using each cluster. */
  readonly clusterUse: ReadonlyMap<ClusterRuntime, number>;
}

/**
 * The bookkeeping behind the published snapshot: which compiled API is placed where, and which
 * live clusters are used by how many APIs. Kept out of the snapshot and changed only when a
 * snapshot is published, so that a deploy never copies it: preparing reads it, publishing
 * applies the prepared changes.
 */
export class RoutingState {
  private readonly placed = new Map<ApiDefinition, PlacedApi>();
  private readonly clusters = new Map<string, ClusterRuntime>();
  private readonly users = new Map<ClusterRuntime, number>();

  placementOf(api: ApiDefinition): PlacedApi | undefined {
    return this.placed.get(api);
  }

  liveCluster(key: string): ClusterRuntime | undefined {
    return this.clusters.get(key);
  }

  usersOf(cluster: ClusterRuntime): number {
    return this.users.get(cluster) ?? 0;
  }

  get liveClusters(): Iterable<ClusterRuntime> {
    return this.clusters.values();
  }

  get clusterCount(): number {
    return this.clusters.size;
  }

  /** Applies published changes; returns the clusters no API uses any more. */
  apply(changes: RoutingChanges): ClusterRuntime[] {
    for (const [api, placement] of changes.placements) {
      if (placement === undefined) this.placed.delete(api);
      else this.placed.set(api, placement);
    }
    const unused: ClusterRuntime[] = [];
    for (const [cluster, delta] of changes.clusterUse) {
      const users = this.usersOf(cluster) + delta;
      if (users > 0) {
        this.users.set(cluster, users);
        this.clusters.set(cluster.key, cluster);
      } else {
        this.users.delete(cluster);
        if (this.clusters.get(cluster.key) === cluster) this.clusters.delete(cluster.key);
        unused.push(cluster);
      }
    }
    return unused;
  }
}
