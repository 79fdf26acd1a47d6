import {
  type ApiDefinition,
  type ClusterHandle,
  type Deployment,
  type EndpointSet,
  KEY_TYPES,
  type KeyType,
  type Problem,
  type Resource,
} from '#core';
import type { GatewaySettings } from '#settings';
import { basePathsOf } from './base-paths.js';
import { ClusterRuntime } from './cluster-runtime.js';
import { CompiledRoute } from './compiled-route.js';
import type { ConnectorRegistry } from './connector-registry.js';
import { hostName, Snapshot } from './routing-snapshot.js';
import { VhostTable } from './vhost-table.js';

export interface CompiledSnapshot {
  readonly snapshot: Snapshot;
  readonly created: ClusterRuntime[];
  readonly problems: Problem[];
}

/**
 * Turns deployments into a snapshot: resolves each API's connector, builds or reuses one
 * cluster per endpoint set (same connector type, API and fingerprint = same live cluster), and
 * compiles the routes of every vhost. One compiler per preparation.
 */
export class SnapshotCompiler {
  private readonly clusters = new Map<string, ClusterRuntime>();
  private readonly created: ClusterRuntime[] = [];
  private readonly problems: Problem[] = [];

  constructor(
    private readonly settings: GatewaySettings,
    private readonly registry: ConnectorRegistry,
    private readonly live: ReadonlyMap<string, ClusterRuntime>,
  ) {}

  compile(deployments: readonly Deployment[]): CompiledSnapshot {
    const routesByVhost = new Map<string, CompiledRoute[]>();
    for (const vhost of this.settings.environments.map((e) => e.vhost.toLowerCase())) routesByVhost.set(vhost, []);
    deployments.forEach((deployment, sequence) => {
      const vhost = hostName(deployment.vhost);
      const routes = routesByVhost.get(vhost) ?? [];
      routesByVhost.set(vhost, routes);
      routes.push(...this.routesOf(deployment.api, sequence));
    });
    const tables = new Map([...routesByVhost].map(([vhost, routes]) => [vhost, new VhostTable(routes)]));
    const fallback = this.settings.dataPlane.unknownHostFallback
      ? tables.get(this.settings.environments[0].vhost.toLowerCase())
      : undefined;
    const snapshot = new Snapshot(deployments, tables, fallback, this.clusters);
    return { snapshot, created: this.created, problems: this.problems };
  }

  private routesOf(api: ApiDefinition, sequence: number): CompiledRoute[] {
    const apiClusters = this.clustersFor(api, api.endpoints);
    if (apiClusters === undefined) return [];
    const routes: CompiledRoute[] = [];
    for (const resource of api.resources) {
      const clusters = this.resourceClusters(api, resource, apiClusters);
      if (clusters === undefined) continue;
      for (const basePath of basePathsOf(api)) routes.push(new CompiledRoute(api, resource, basePath, clusters, sequence));
    }
    return routes;
  }

  /** Spec §6.4: the resource's own set for a key type, else the API's. */
  private resourceClusters(
    api: ApiDefinition,
    resource: Resource,
    apiClusters: Partial<Record<KeyType, ClusterHandle>>,
  ): Partial<Record<KeyType, ClusterHandle>> | undefined {
    const own = this.clustersFor(api, resource.endpoints);
    return own === undefined ? undefined : { ...apiClusters, ...own };
  }

  private clustersFor(
    api: ApiDefinition,
    sets: Readonly<Partial<Record<KeyType, EndpointSet>>>,
  ): Partial<Record<KeyType, ClusterHandle>> | undefined {
    const out: Partial<Record<KeyType, ClusterHandle>> = {};
    for (const keyType of KEY_TYPES) {
      const set = sets[keyType];
      if (set === undefined) continue;
      const cluster = this.clusterFor(api, set);
      if (cluster === undefined) return undefined;
      out[keyType] = cluster;
    }
    return out;
  }

  private clusterFor(api: ApiDefinition, endpointSet: EndpointSet): ClusterRuntime | undefined {
    const type = api.connector.type;
    const factory = this.registry.get(type);
    if (factory === undefined) {
      this.reject(api, {
        code: 'connector.unknown',
        message: `connector type '${type}' is not registered; registered types: ${this.registry.types().join(', ')}`,
        location: api.connector.location ?? `${api.name}:${api.version}`,
      });
      return undefined;
    }
    const spec = { api, endpointSet, options: api.connector.options };
    const invalid = factory.validate(spec);
    if (invalid.length > 0) {
      for (const problem of invalid) this.reject(api, problem);
      return undefined;
    }
    const key = `${type}:${api.id}:${factory.fingerprint(spec)}`;
    let cluster = this.clusters.get(key) ?? this.live.get(key);
    if (cluster === undefined) {
      cluster = new ClusterRuntime(key, type, endpointSet, factory.create(spec));
      this.created.push(cluster);
    }
    this.clusters.set(key, cluster);
    return cluster;
  }

  private reject(api: ApiDefinition, problem: Problem): void {
    const seen = this.problems.some((p) => p.code === problem.code && p.message === problem.message && p.location === problem.location);
    if (!seen) this.problems.push({ ...problem, location: problem.location ?? `${api.name}:${api.version}` });
  }
}
