import type { ApiDefinition, Deployment, Problem, RejectedDeployment } from '#core';
import type { ApiCompiler } from './api-compiler.js';
import type { ClusterRuntime } from './cluster-runtime.js';
import type { CompiledRoute } from './compiled-route.js';
import { RouteTrie } from './route-trie.js';
import { hostName, Snapshot } from './routing-snapshot.js';
import type { PlacedApi, RoutingChanges, RoutingState } from './routing-state.js';

export interface BuiltSnapshot {
  readonly snapshot: Snapshot;
  readonly changes: RoutingChanges;
  readonly warnings: readonly Problem[];
  readonly rejected: readonly RejectedDeployment[];
  /** Problems of the APIs that could not be compiled (empty when all compiled). */
  readonly problems: readonly Problem[];
}

interface TrieChanges {
  readonly remove: CompiledRoute[];
  readonly insert: CompiledRoute[];
}

/**
 * Builds the next snapshot from the published one and the full list of deployments, doing only
 * what changed: deployments are compared by identity (the deploy pipeline hands unchanged ones
 * over as the same objects), APIs already compiled are reused as they are, and routes are removed
 * from and added to the tries of the vhosts concerned (path copying keeps the published snapshot
 * intact). Nothing of the routing state is changed here: the changes are returned, for publish.
 * The cost of a deploy follows what it changes, not how many APIs are deployed.
 */
export class SnapshotBuilder {
  private readonly placements = new Map<ApiDefinition, PlacedApi | undefined>();
  private readonly clusterUse = new Map<ClusterRuntime, number>();
  private readonly trieChanges = new Map<string, TrieChanges>();
  private readonly warnings: Problem[] = [];
  private readonly problems: Problem[] = [];
  private readonly rejected: RejectedDeployment[] = [];

  constructor(
    private readonly published: Snapshot,
    private readonly state: RoutingState,
    private readonly compiler: ApiCompiler,
    private readonly nextSequence: () => number,
  ) {}

  build(deployments: readonly Deployment[], configuredVhosts: readonly string[]): BuiltSnapshot {
    const before = new Set(this.published.deployments);
    const after = new Set(deployments);
    // Placements (API, vhost) that went; a new object for a placement that stays cancels out.
    const gone = new Map<ApiDefinition, Set<string>>();
    for (const d of this.published.deployments) {
      if (after.has(d)) continue;
      const vhosts = gone.get(d.api) ?? new Set<string>();
      gone.set(d.api, vhosts.add(hostName(d.vhost)));
    }
    const arriving = deployments.filter((d) => !before.has(d) && gone.get(d.api)?.delete(hostName(d.vhost)) !== true);
    for (const [api, vhosts] of gone) for (const vhost of vhosts) this.unplace(api, vhost);
    for (const deployment of arriving) this.place(deployment);
    const rejected = new Set(this.rejected.map((r) => r.deployment));
    const served = rejected.size === 0 ? deployments : deployments.filter((d) => !rejected.has(d));
    const snapshot = new Snapshot(served, this.tries(configuredVhosts), this.published.fallbackVhost);
    const changes = { placements: this.placements, clusterUse: this.clusterUse };
    return { snapshot, changes, warnings: this.warnings, rejected: this.rejected, problems: this.problems };
  }

  private placementOf(api: ApiDefinition): PlacedApi | undefined {
    return this.placements.has(api) ? this.placements.get(api) : this.state.placementOf(api);
  }

  private unplace(api: ApiDefinition, vhost: string): void {
    const placed = this.placementOf(api);
    if (placed === undefined || !placed.vhosts.includes(vhost)) return;
    const vhosts = placed.vhosts.filter((v) => v !== vhost);
    this.changesOf(vhost).remove.push(...placed.compiled.routes);
    this.placements.set(api, vhosts.length > 0 ? { compiled: placed.compiled, vhosts } : undefined);
    if (vhosts.length === 0) this.countUse(placed.compiled.clusters, -1);
  }

  private place(deployment: Deployment): void {
    const { api } = deployment;
    const placed = this.placementOf(api);
    let compiled = (placed ?? this.state.placementOf(api))?.compiled;
    if (compiled === undefined) {
      const result = this.compiler.compile(api, this.nextSequence());
      if (!result.ok) {
        this.problems.push(...result.problems);
        this.rejected.push({ deployment, problems: result.problems });
        return;
      }
      this.warnings.push(...result.warnings);
      compiled = result.compiled;
    }
    const vhost = hostName(deployment.vhost);
    const vhosts = placed?.vhosts ?? [];
    if (vhosts.includes(vhost)) return;
    if (placed === undefined) this.countUse(compiled.clusters, +1);
    this.placements.set(api, { compiled, vhosts: [...vhosts, vhost] });
    this.changesOf(vhost).insert.push(...compiled.routes);
  }

  private countUse(clusters: readonly ClusterRuntime[], delta: number): void {
    for (const cluster of clusters) this.clusterUse.set(cluster, (this.clusterUse.get(cluster) ?? 0) + delta);
  }

  private changesOf(vhost: string): TrieChanges {
    let changes = this.trieChanges.get(vhost);
    if (changes === undefined) this.trieChanges.set(vhost, (changes = { remove: [], insert: [] }));
    return changes;
  }

  private tries(configuredVhosts: readonly string[]): Map<string, RouteTrie<CompiledRoute>> {
    const tries = new Map(this.published.tries);
    for (const vhost of configuredVhosts) if (!tries.has(vhost)) tries.set(vhost, RouteTrie.empty());
    for (const [vhost, { remove, insert }] of this.trieChanges) {
      const trie = tries.get(vhost) ?? RouteTrie.empty<CompiledRoute>();
      tries.set(
        vhost,
        trie.edit((batch) => {
          for (const route of remove) batch.remove(route);
          for (const route of insert) batch.insert(route);
        }),
      );
    }
    return tries;
  }
}
