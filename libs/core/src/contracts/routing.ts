import type { ApiDefinition, Operation, Resource } from '../model/api-definition.js';
import type { Deployment } from '../model/deployment.js';
import type { EndpointSet } from '../model/endpoint-set.js';
import type { KeyType } from '../model/key-type.js';
import type { Connector } from '../connector/connector.js';

/** A live upstream cluster: one endpoint set, its connector and its balancer. */
export interface ClusterHandle {
  readonly endpointSet: EndpointSet;
  readonly connector: Connector;
  /** The `Host` header value of each endpoint, computed at deploy time. */
  readonly authorities: readonly string[];
  /** Endpoint index for the next attempt (-1 when the set has no URLs). */
  pick(): number;
  /** In-flight accounting: a retired cluster is disposed once nothing uses it any more. */
  enter(): void;
  leave(): void;
}

export interface RouteMatch {
  readonly api: ApiDefinition;
  readonly resource: Resource;
  /** Undefined for a method the resource does not declare but the route accepts (OPTIONS). */
  readonly operation: Operation | undefined;
  /** Resource part of the upstream path: the template with parameters substituted (spec §5.4). */
  readonly upstreamPath: string;
  readonly clusters: Readonly<Partial<Record<KeyType, ClusterHandle>>>;
}

/** An immutable routing table; requests read the current one once. */
export interface RoutingSnapshot {
  readonly deployments: readonly Deployment[];
  /** `host` is the raw Host header, `path` the request path without query string. */
  match(host: string | undefined, method: string, path: string): RouteMatch | undefined;
}

export interface SnapshotSource {
  readonly current: RoutingSnapshot;
}

/** A snapshot built off the request path, not yet visible to requests. */
export interface PreparedSnapshot {
  readonly snapshot: RoutingSnapshot;
}

/** Builds and swaps routing snapshots; used by the deploy pipeline. */
export interface RoutingPublisher {
  /**
   * Builds a snapshot for exactly these deployments, reusing live clusters whose fingerprint is
   * unchanged. Rejects with DeployRejectedError (unknown connector, invalid connector options).
   */
  prepare(deployments: readonly Deployment[]): Promise<PreparedSnapshot>;
  /** Makes the prepared snapshot current in one assignment; the old one drains and is disposed. */
  publish(prepared: PreparedSnapshot): void;
  /** Drops a prepared snapshot that will not be published, disposing what only it created. */
  discard(prepared: PreparedSnapshot): Promise<void>;
}
