import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  authorityOf,
  type BackendCredentials,
  type ClusterHandle,
  type ClusterSpec,
  type ClusterStatus,
  type Connector,
  type EndpointSet,
  type GatewayEvents,
  type LongLivedConnection,
} from '#core';
import type { GatewaySettings } from '#settings';
import { ClusterEvents } from './health/cluster-events.js';
import { ClusterHealth } from './health/cluster-health.js';
import { ClusterRoutingPolicy } from './policy/cluster-routing-policy.js';

/**
 * A live cluster: the connector for one endpoint set plus its routing policy and member health.
 * It survives redeploys that keep its key (so do pools, health and ejections), and is disposed
 * once retired and idle, so in-flight requests finish first.
 */
export class ClusterRuntime implements ClusterHandle {
  private static readonly logger = new Logger('Cluster');
  /** Short stable name for the admin API: derived from the key. */
  readonly id: string;
  readonly endpointSet: EndpointSet;
  readonly authorities: readonly string[];
  readonly policy: ClusterRoutingPolicy;
  private readonly health: ClusterHealth;
  /** Names of the endpoint sets this cluster serves (production and sandbox may share one). */
  private readonly setNames = new Set<string>();
  private inFlight = 0;
  private retired = false;
  /** Open upgraded connections, closed when the drain deadline of a retirement passes. */
  private readonly held = new Set<LongLivedConnection>();
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly drainTimeoutMs: number;
  private disposal: Promise<void> | undefined;
  private readonly events: ClusterEvents | undefined;

  constructor(
    readonly key: string,
    readonly connectorType: string,
    private readonly spec: ClusterSpec,
    readonly connector: Connector,
    settings: GatewaySettings,
    /** What the gateway authenticates with towards these backends; disposed with the cluster. */
    readonly credentials: BackendCredentials | undefined = undefined,
    /** The gateway's event bus (health changes, drains); absent where none is composed. */
    bus: GatewayEvents | undefined = undefined,
  ) {
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 12);
    this.endpointSet = spec.endpointSet;
    this.authorities = this.endpointSet.urls.map(authorityOf);
    const { api } = spec;
    this.events = bus === undefined ? undefined : new ClusterEvents(bus, this.id, { id: api.id, name: api.name, version: api.version });
    this.health = new ClusterHealth(this.endpointSet, connector, settings, `${api.name}:${api.version} ${this.endpointSet.name}`, this.events);
    this.policy = new ClusterRoutingPolicy(this.endpointSet, this.health, settings);
    this.drainTimeoutMs = settings.upstream.websocket.drainTimeoutMs;
    this.setNames.add(this.endpointSet.name);
  }

  /** Another endpoint set of the API with the same runtime configuration uses this cluster too. */
  serves(set: EndpointSet): void {
    this.setNames.add(set.name);
  }

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) void this.dispose();
  }

  status(): ClusterStatus {
    const { api } = this.spec;
    const set = this.endpointSet;
    const { limits, latency } = this.policy;
    return {
      id: this.id,
      api: { id: api.id, name: api.name, version: api.version },
      endpointSets: [...this.setNames],
      connectorType: this.connectorType,
      policy: set.policy,
      balancer: set.policy === 'FAILOVER' ? 'priority' : (set.balancer?.algorithm ?? 'round-robin'),
      healthChecks: this.health.checks,
      panic: this.health.panic,
      activeRequests: limits.requests,
      activeRetries: limits.retries,
      members: set.urls.map((url, i) => ({
        url: url.rawUrl,
        ...this.health.memberStatus(i),
        activeRequests: limits.active[i],
        averageLatencyMs: Math.round(latency[i]),
      })),
    };
  }

  resetHealth(): void {
    this.health.reset();
  }

  hold(connection: LongLivedConnection): void {
    this.held.add(connection);
  }

  release(connection: LongLivedConnection): void {
    this.held.delete(connection);
  }

  /**
   * No new snapshot uses this cluster: dispose it as soon as its last request ends. Open
   * WebSocket connections go on until `upstream.websocket.drainTimeoutMs`, then are closed with 1001.
   */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) {
      void this.dispose();
      return;
    }
    if (this.held.size === 0 || this.drainTimer !== undefined) return;
    this.drainTimer = setTimeout(() => this.closeHeld(), this.drainTimeoutMs);
    this.drainTimer.unref();
  }

  private closeHeld(): void {
    if (this.held.size === 0) return;
    ClusterRuntime.logger.log(`closing ${this.held.size} WebSocket connection(s) of retired cluster ${this.id} with 1001: upstream.websocket.drainTimeoutMs passed`);
    const reason = new Error('the API was undeployed or moved to other endpoints');
    const closing = [...this.held];
    for (const connection of closing) connection.close(reason);
    this.events?.drained(closing.length);
  }

  /** Idempotent; also used at shutdown, when in-flight requests have had their drain time. */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      clearTimeout(this.drainTimer);
      this.health.dispose();
      await Promise.all([this.connector.dispose(), this.credentials?.dispose()]);
    })().catch((error: unknown) => {
      ClusterRuntime.logger.warn(`disposing cluster ${this.key} failed: ${String(error)}`);
    });
    return this.disposal;
  }
}
