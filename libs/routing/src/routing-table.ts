import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  type ClusterDirectory,
  type ClusterStatus,
  type Deployment,
  DeployRejectedError,
  type PreparedSnapshot,
  type PrepareOptions,
  type RoutingPublisher,
  BACKEND_SECURITY_COMPILER,
  type BackendSecurityCompiler,
  GATEWAY_EVENTS,
  type GatewayEvents,
  SECURITY_COMPILER,
  type SecurityCompiler,
  type SnapshotSource,
} from '#core';
import { GatewaySettings } from '#settings';
import { prepareConnectors } from './connector-preparation.js';
import { ApiCompiler } from './api-compiler.js';
import type { ClusterRuntime } from './cluster-runtime.js';
import type { CompiledRoute } from './compiled-route.js';
import { ConnectorRegistry } from './connector-registry.js';
import { CompiledCorsPolicy } from './cors-policy.js';
import { RouteTrie } from './route-trie.js';
import { Snapshot } from './routing-snapshot.js';
import { type RoutingChanges, RoutingState } from './routing-state.js';
import { SnapshotBuilder } from './snapshot-builder.js';

interface PreparedRouting extends PreparedSnapshot {
  readonly snapshot: Snapshot;
  /** The snapshot it was prepared from: only that one may be replaced by it. */
  readonly base: Snapshot;
  readonly changes: RoutingChanges;
  /** Clusters this preparation created (not taken over from the live snapshot). */
  readonly created: readonly ClusterRuntime[];
}

/**
 * Owns the current routing snapshot. Deploys prepare a complete new snapshot off the request
 * path, compiling only the APIs it does not hold yet, and publish it with one assignment;
 * clusters no API uses any more are retired and disposed when their last in-flight request ends.
 */
@Injectable()
export class RoutingTable implements RoutingPublisher, SnapshotSource, ClusterDirectory, OnApplicationShutdown {
  private readonly logger = new Logger('Routing');
  private readonly gatewayCors: CompiledCorsPolicy | undefined;
  private readonly configuredVhosts: readonly string[];
  private readonly state = new RoutingState();
  private snapshot: Snapshot;
  /** Deployment order of compiled APIs: the last tie-breaker between equal routes. */
  private sequence = 0;

  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly settings: GatewaySettings,
    @Inject(SECURITY_COMPILER) private readonly security: SecurityCompiler,
    @Optional() @Inject(BACKEND_SECURITY_COMPILER) private readonly backendSecurity: BackendSecurityCompiler | null = null,
    @Optional() @Inject(GATEWAY_EVENTS) private readonly events: GatewayEvents | null = null,
  ) {
    const cors = settings.dataPlane.cors;
    this.gatewayCors = cors.enabled ? new CompiledCorsPolicy(cors) : undefined;
    this.configuredVhosts = settings.environments.map((e) => e.vhost.toLowerCase());
    const tries = new Map(this.configuredVhosts.map((vhost) => [vhost, RouteTrie.empty<CompiledRoute>()]));
    this.snapshot = new Snapshot([], tries, settings.dataPlane.unknownHostFallback ? this.configuredVhosts[0] : undefined);
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  async prepare(deployments: readonly Deployment[], options: PrepareOptions = {}): Promise<PreparedRouting> {
    // Only APIs not compiled yet are compiled: their connectors' asynchronous deploy-time work first.
    const unprepared = await prepareConnectors(
      deployments.map((d) => d.api).filter((api) => this.state.placementOf(api) === undefined),
      this.registry,
    );
    const compiler = new ApiCompiler(
      this.registry,
      this.state,
      this.gatewayCors,
      this.security,
      this.settings,
      this.backendSecurity ?? undefined,
      this.events ?? undefined,
      unprepared,
    );
    const builder = new SnapshotBuilder(this.snapshot, this.state, compiler, () => ++this.sequence);
    const built = builder.build(deployments, this.configuredVhosts);
    const created = [...compiler.created.values()];
    if (built.problems.length > 0 && options.dropRejected !== true) {
      await Promise.all(created.map((c) => c.dispose()));
      throw new DeployRejectedError(built.problems);
    }
    const { snapshot, changes, warnings, rejected } = built;
    return { snapshot, base: this.snapshot, changes, created, warnings, rejected };
  }

  publish(prepared: PreparedSnapshot): void {
    const { snapshot, base, changes } = prepared as PreparedRouting;
    // Deploys are serialized: a preparation made from another snapshot would lose a change.
    if (base !== this.snapshot) throw new Error('this routing snapshot was prepared from one that is no longer current');
    this.snapshot = snapshot;
    for (const cluster of this.state.apply(changes)) cluster.retire();
    this.logger.debug(`published ${snapshot.deployments.length} deployment(s), ${this.state.clusterCount} cluster(s)`);
  }

  async discard(prepared: PreparedSnapshot): Promise<void> {
    const { created } = prepared as PreparedRouting;
    await Promise.all(created.filter((c) => this.state.liveCluster(c.key) !== c).map((c) => c.dispose()));
  }

  clusters(): ClusterStatus[] {
    return [...this.state.liveClusters].map((cluster) => cluster.status());
  }

  cluster(id: string): ClusterStatus | undefined {
    return this.liveCluster(id)?.status();
  }

  reset(id: string): boolean {
    const cluster = this.liveCluster(id);
    cluster?.resetHealth();
    return cluster !== undefined;
  }

  private liveCluster(id: string): ClusterRuntime | undefined {
    for (const cluster of this.state.liveClusters) if (cluster.id === id) return cluster;
    return undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.state.liveClusters].map((c) => c.dispose()));
  }
}
