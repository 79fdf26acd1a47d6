import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Deployment,
  DeployRejectedError,
  type PreparedSnapshot,
  type RoutingPublisher,
  type SnapshotSource,
} from '#core';
import { GatewaySettings } from '#settings';
import { ClusterRuntime } from './cluster-runtime.js';
import { ConnectorRegistry } from './connector-registry.js';
import { SnapshotCompiler } from './snapshot-compiler.js';
import { Snapshot } from './routing-snapshot.js';

interface PreparedRouting extends PreparedSnapshot {
  readonly snapshot: Snapshot;
  /** Clusters this preparation created (not taken over from the live snapshot). */
  readonly created: readonly ClusterRuntime[];
}

/**
 * Owns the current routing snapshot. Deploys prepare a complete new snapshot off the request
 * path and publish it with one assignment; clusters the new snapshot no longer uses are retired
 * and disposed when their last in-flight request ends.
 */
@Injectable()
export class RoutingTable implements RoutingPublisher, SnapshotSource, OnApplicationShutdown {
  private readonly logger = new Logger('Routing');
  private snapshot: Snapshot;

  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly settings: GatewaySettings,
  ) {
    this.snapshot = new SnapshotCompiler(settings, registry, new Map()).compile([]).snapshot;
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  async prepare(deployments: readonly Deployment[]): Promise<PreparedRouting> {
    const compiler = new SnapshotCompiler(this.settings, this.registry, this.snapshot.clusters);
    const { snapshot, created, problems } = compiler.compile(deployments);
    if (problems.length > 0) {
      await Promise.all(created.map((c) => c.dispose()));
      throw new DeployRejectedError(problems);
    }
    return { snapshot, created };
  }

  publish(prepared: PreparedSnapshot): void {
    const next = (prepared as PreparedRouting).snapshot;
    const previous = this.snapshot;
    this.snapshot = next;
    for (const [key, cluster] of previous.clusters) {
      if (next.clusters.get(key) !== cluster) cluster.retire();
    }
    this.logger.debug(`published ${next.deployments.length} deployment(s), ${next.clusters.size} cluster(s)`);
  }

  async discard(prepared: PreparedSnapshot): Promise<void> {
    const { created } = prepared as PreparedRouting;
    await Promise.all(created.filter((c) => this.snapshot.clusters.get(c.key) !== c).map((c) => c.dispose()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.snapshot.clusters.values()].map((c) => c.dispose()));
  }
}
