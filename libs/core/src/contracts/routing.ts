import type { ApiDefinition, Operation, Resource } from '../model/api-definition.js';
import type { Deployment } from '../model/deployment.js';
import type { EndpointSet } from '../model/endpoint-set.js';
import type { KeyType } from '../model/key-type.js';
import type { Connector } from '../connector/connector.js';
import type { Problem } from '../errors/problem.js';
import type { BackendCredentials, BackendJwt } from './backend-security.js';
import type { OperationSecurity } from './consumer-security.js';
import type { CorsPolicy } from './cors.js';
import type { RoutingPolicy } from './routing-policy.js';

/** A live upstream cluster: one endpoint set, its connector and its routing policy. */
export interface ClusterHandle {
  /** Stable while the cluster lives (the admin cluster view's id); names it in logs and metrics. */
  readonly id: string;
  readonly endpointSet: EndpointSet;
  readonly connector: Connector;
  /** The `Host` header value of each endpoint, computed at deploy time. */
  readonly authorities: readonly string[];
  readonly policy: RoutingPolicy;
  /** What the gateway authenticates with towards these backends (spec §12); undefined: nothing is added. */
  readonly credentials: BackendCredentials | undefined;
  /** In-flight accounting: a retired cluster is disposed once nothing uses it any more. */
  enter(): void;
  leave(): void;
  /**
   * A connection that outlives its request (an upgraded WebSocket) while it is open: when the
   * cluster is retired (its API undeployed or redeployed onto other endpoints), it is closed once
   * the drain deadline passes, so the cluster is never held for ever.
   */
  hold(connection: LongLivedConnection): void;
  release(connection: LongLivedConnection): void;
}

export interface LongLivedConnection {
  /** Close both sides as going away (WebSocket 1001); `reason` says why, for the log. */
  close(reason: Error): void;
}

export interface RouteMatch {
  readonly api: ApiDefinition;
  readonly resource: Resource;
  /** Undefined for a method the resource does not declare but the route accepts (OPTIONS). */
  readonly operation: Operation | undefined;
  /** The operation's compiled security; undefined when `operation` is. */
  readonly security: OperationSecurity | undefined;
  /** Resource part of the upstream path: the template with parameters substituted (spec §5.4). */
  readonly upstreamPath: string;
  readonly clusters: Readonly<Partial<Record<KeyType, ClusterHandle>>>;
  /** The API's backend JWT (spec §13); undefined when it sends none. */
  readonly backendJwt: BackendJwt | undefined;
  /** The API's connector answers every key type (mock): no production/sandbox selection. */
  readonly keyTypeIndependent: boolean;
  /** `Allow` header value for OPTIONS answered by the gateway: the declared methods and OPTIONS. */
  readonly allow: string;
  /** The API's CORS policy (its `x-wso2-cors`, else the gateway's), or undefined when CORS is off. */
  readonly cors: CorsPolicy | undefined;
}

/** An immutable routing table; requests read the current one once. */
export interface RoutingSnapshot {
  readonly deployments: readonly Deployment[];
  /**
   * `host` is the Host header (already validated), `path` the normalised request path without
   * query string (dot segments resolved, slashes merged: see the data plane's path rules).
   */
  match(host: string | undefined, method: string, path: string): RouteMatch | undefined;
}

export interface SnapshotSource {
  readonly current: RoutingSnapshot;
}

/** A snapshot built off the request path, not yet visible to requests. */
export interface PreparedSnapshot {
  readonly snapshot: RoutingSnapshot;
  /** Non-fatal findings about the APIs this preparation compiled (e.g. routes shadowed by `/health`). */
  readonly warnings: readonly Problem[];
  /** Deployments left out because they cannot be served (only with `dropRejected`). */
  readonly rejected: readonly RejectedDeployment[];
}

export interface RejectedDeployment {
  readonly deployment: Deployment;
  readonly problems: readonly Problem[];
}

export interface PrepareOptions {
  /**
   * Leave out the deployments whose API cannot be compiled and report them in `rejected`,
   * instead of rejecting the whole preparation (boot: one broken API never keeps the others down).
   */
  readonly dropRejected?: boolean;
}

/** Builds and swaps routing snapshots; used by the deploy pipeline. */
export interface RoutingPublisher {
  /**
   * Builds a snapshot for exactly these deployments, reusing live clusters whose fingerprint is
   * unchanged and APIs already compiled into the live snapshot, so the cost of a deploy follows
   * what it changes. Rejects with DeployRejectedError (unknown connector, invalid connector
   * options) unless `dropRejected` is set.
   */
  prepare(deployments: readonly Deployment[], options?: PrepareOptions): Promise<PreparedSnapshot>;
  /** Makes the prepared snapshot current in one assignment; the old one drains and is disposed. */
  publish(prepared: PreparedSnapshot): void;
  /** Drops a prepared snapshot that will not be published, disposing what only it created. */
  discard(prepared: PreparedSnapshot): Promise<void>;
}
