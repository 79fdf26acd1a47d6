import {
  type ApiDefinition,
  type BackendJwt,
  type BackendSecurityCompiler,
  checkConnectorOptions,
  type ClusterSpec,
  type ClusterHandle,
  type CompileProblems,
  type ConnectorSelection,
  connectorSelection,
  type EndpointSet,
  type GatewayEvents,
  KEY_TYPES,
  type KeyType,
  type Problem,
  type Resource,
  type SecurityCompiler,
} from '#core';
import type { GatewaySettings } from '#settings';
import { basePathsOf } from './base-paths.js';
import { ChannelMapping } from './channel-mapping.js';
import { ClusterRuntime } from './cluster-runtime.js';
import { CompiledRoute, type ResourceTarget } from './compiled-route.js';
import type { ConnectorRegistration, ConnectorRegistry } from './connector-registry.js';
import { CompiledCorsPolicy } from './cors-policy.js';
import { RouteTrie } from './route-trie.js';

/** One API ready to be placed on vhosts: its routes (every base path) and the clusters they use. */
export interface CompiledApi {
  readonly api: ApiDefinition;
  readonly routes: readonly CompiledRoute[];
  readonly clusters: readonly ClusterRuntime[];
}

export type CompileResult =
  | { readonly ok: true; readonly compiled: CompiledApi; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Paths the data plane answers itself, whatever is deployed. */
const RESERVED_PATHS = ['/health', '/ready'];

/**
 * Compiles APIs for one preparation: resolves the connector, builds or reuses one cluster per
 * endpoint set (same connector type, API and fingerprint = the same live cluster, so pools
 * survive redeploys), and the routes of every resource under every base path.
 */
export class ApiCompiler {
  /** Clusters this preparation created (not taken over from the live snapshot). */
  readonly created = new Map<string, ClusterRuntime>();

  constructor(
    private readonly registry: ConnectorRegistry,
    /** The clusters the published snapshot uses, by key: reused when a spec is unchanged. */
    private readonly live: { liveCluster(key: string): ClusterRuntime | undefined },
    /** The gateway-wide CORS policy, undefined when gateway CORS is off. */
    private readonly gatewayCors: CompiledCorsPolicy | undefined,
    private readonly security: SecurityCompiler,
    private readonly settings: GatewaySettings,
    /** Backend credentials and the backend JWT; undefined in a gateway composed without the backend-security lib. */
    private readonly backendSecurity: BackendSecurityCompiler | undefined,
    /** Where the clusters it creates tell their health changes; undefined in a gateway without an event bus. */
    private readonly events: GatewayEvents | undefined = undefined,
    /** APIs whose connector could not prepare them (`ConnectorFactory.prepare`), with why. */
    private readonly unprepared: ReadonlyMap<ApiDefinition, readonly Problem[]> = new Map(),
  ) {}

  compile(api: ApiDefinition, sequence: number): CompileResult {
    const unprepared = this.unprepared.get(api);
    if (unprepared !== undefined) return { ok: false, problems: unprepared };
    const problems: Problem[] = [];
    const used = new Map<string, ClusterRuntime>();
    const fresh: ClusterRuntime[] = [];
    const clusterWarnings: Problem[] = [];
    const clustersFor = (sets: Readonly<Partial<Record<KeyType, EndpointSet>>>) => this.clustersFor(api, sets, { used, fresh, problems, warnings: clusterWarnings });
    const apiClusters = clustersFor(api.endpoints);
    const resourceClusters = api.resources.map((resource) => ({ resource, own: clustersFor(resource.endpoints) }));
    if (problems.length > 0) return this.failed(fresh, problems);
    const cors = this.corsOf(api);
    const security = { errors: problems, warnings: [] as Problem[] };
    const backendJwt = this.backendSecurity?.backendJwt(api, security);
    const routes: CompiledRoute[] = [];
    for (const { resource, own } of resourceClusters) {
      const target = this.resourceTarget(api, resource, { ...apiClusters, ...own }, cors, backendJwt, security);
      for (const basePath of basePathsOf(api)) routes.push(new CompiledRoute(target, basePath, sequence));
    }
    if (problems.length > 0) return this.failed(fresh, problems);
    const compiled = { api, routes: routes.slice(), clusters: [...used.values()] };
    const warnings = [...clusterWarnings, ...security.warnings, ...reservedPathWarnings(compiled), ...corsWarnings(api, cors), ...mappingWarnings(api)];
    return { ok: true, compiled, warnings };
  }

  /** Nothing of a refused API stays: the clusters it created are disposed. */
  private failed(fresh: readonly ClusterRuntime[], problems: readonly Problem[]): CompileResult {
    for (const cluster of fresh) {
      this.created.delete(cluster.key);
      void cluster.dispose();
    }
    return { ok: false, problems };
  }

  private resourceTarget(
    api: ApiDefinition,
    resource: Resource,
    clusters: Partial<Record<KeyType, ClusterHandle>>,
    cors: CompiledCorsPolicy | undefined,
    backendJwt: BackendJwt | undefined,
    problems: CompileProblems,
  ): ResourceTarget {
    const methods = new Set<string>(resource.operations.map((op) => op.method)).add('OPTIONS');
    const security = resource.operations.map((operation) => this.security.compile(api, resource, operation, problems));
    const keyTypeIndependent = this.registry.get(api.connector.type)?.answersEveryKeyType === true;
    return { api, resource, operations: resource.operations, security, allow: [...methods].join(', '), clusters, keyTypeIndependent, cors, backendJwt };
  }

  private corsOf(api: ApiDefinition): CompiledCorsPolicy | undefined {
    return api.cors?.enabled === true ? new CompiledCorsPolicy(api.cors) : this.gatewayCors;
  }

  private clustersFor(
    api: ApiDefinition,
    sets: Readonly<Partial<Record<KeyType, EndpointSet>>>,
    work: CompileWork,
  ): Partial<Record<KeyType, ClusterHandle>> {
    const out: Partial<Record<KeyType, ClusterHandle>> = {};
    for (const keyType of KEY_TYPES) {
      const set = sets[keyType];
      const cluster = set === undefined ? undefined : this.clusterFor(api, set, work);
      if (cluster === undefined) continue;
      work.used.set(cluster.key, cluster);
      out[keyType] = cluster;
    }
    return out;
  }

  private clusterFor(api: ApiDefinition, endpointSet: EndpointSet, { problems, fresh, warnings }: CompileWork): ClusterRuntime | undefined {
    const selection = connectorSelection(api, endpointSet);
    const { type } = selection;
    const registration = this.registry.registration(type);
    if (registration === undefined) {
      addOnce(problems, {
        code: 'connector.unknown',
        message: `connector type '${type}' is not registered; registered types: ${this.registry.types().join(', ')}`,
        location: selection.location,
      });
      return undefined;
    }
    const spec = checkedSpec(api, endpointSet, selection, registration, problems);
    if (spec === undefined) return undefined;
    const factory = registration.instance;
    const invalid = factory.validate(spec);
    if (invalid.length > 0) {
      for (const problem of invalid) addOnce(problems, { ...problem, location: problem.location ?? selection.location });
      return undefined;
    }
    const key = `${type}:${api.id}:${factory.fingerprint(spec)}`;
    let cluster = this.created.get(key) ?? this.live.liveCluster(key);
    if (cluster === undefined) {
      const errorsBefore = problems.length;
      const credentials = this.backendSecurity?.credentials(api, endpointSet, { errors: problems, warnings });
      if (problems.length > errorsBefore) {
        void credentials?.dispose();
        return undefined;
      }
      cluster = new ClusterRuntime(key, type, spec, factory.create(spec), this.settings, credentials, this.events);
      this.created.set(key, cluster);
      fresh.push(cluster);
    } else {
      cluster.serves(endpointSet);
    }
    const unprobed = unprobedReason(endpointSet, type, cluster.connector.probe !== undefined);
    if (unprobed !== undefined) {
      addOnce(warnings, { code: 'endpoint.health-check-unsupported', message: `x-portico-health-check of ${endpointSet.name} is not applied: ${unprobed}`, location: endpointSet.location });
    }
    return cluster;
  }
}

/**
 * The cluster spec with the options the connector declared checked (defaults filled in), or
 * undefined with the problems: each option problem names the option's path.
 */
function checkedSpec(api: ApiDefinition, endpointSet: EndpointSet, selection: ConnectorSelection, registration: ConnectorRegistration, problems: Problem[]): ClusterSpec | undefined {
  const checked = checkConnectorOptions(registration.options, selection.options);
  const found: Problem[] = checked.problems.map(({ pointer, message }) => {
    const key = pointer.split('/')[1]?.replaceAll('~1', '/').replaceAll('~0', '~') ?? '';
    return { code: 'connector.options-invalid', message: `${selection.type} connector: ${message}`, location: `${selection.optionLocation(key)}${pointer}` };
  });
  const { endpoints, schemes } = registration.capabilities;
  if (endpoints === 'required' && endpointSet.urls.length === 0) {
    found.push({ code: 'endpoints.none', message: `the ${selection.type} connector calls endpoint URLs, and ${endpointSet.name} has none`, location: endpointSet.location });
  }
  for (const url of endpointSet.urls.filter((u) => !schemes.includes(u.scheme))) {
    found.push({
      code: 'endpoint.scheme-unsupported',
      message:
        schemes.length === 0
          ? `the ${selection.type} connector calls no endpoint URLs: ${url.rawUrl}`
          : `the ${selection.type} connector dials ${schemes.join(' or ')} endpoints, not ${url.scheme}: ${url.rawUrl}`,
      location: endpointSet.location,
    });
  }
  for (const problem of found) addOnce(problems, problem);
  return found.length > 0 ? undefined : { api, endpointSet, options: checked.options };
}

/** What one compile collects: the clusters its routes use, those it created, its problems and warnings. */
interface CompileWork {
  readonly used: Map<string, ClusterRuntime>;
  readonly fresh: ClusterRuntime[];
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

/** Why the active health checks a set's definition asks for (`x-portico-health-check`) cannot run, if they cannot. */
function unprobedReason(set: EndpointSet, type: string, canProbe: boolean): string | undefined {
  if (set.healthCheck === undefined || set.healthCheck.enabled === false) return undefined;
  if (set.urls.length === 0) return 'the set has no endpoint URLs to probe';
  return canProbe ? undefined : `the ${type} connector cannot probe endpoints (passive ejection still applies)`;
}

/** Routes that `GET /health` or `GET /ready` would have reached: the gateway answers those itself. */
function reservedPathWarnings(compiled: CompiledApi): Problem[] {
  const trie = RouteTrie.empty<CompiledRoute>().edit((batch) => compiled.routes.forEach((r) => batch.insert(r)));
  const warnings: Problem[] = [];
  for (const path of RESERVED_PATHS) {
    const found = trie.match('GET', path) ?? trie.match('HEAD', path);
    if (found === undefined) continue;
    warnings.push({
      code: 'route.reserved-path',
      message: `GET ${path} is answered by the gateway itself, not by resource ${found.route.target.resource.path} under ${found.route.basePath || '/'}`,
      location: `#${found.route.target.resource.location}`,
    });
  }
  return warnings;
}

/** `{uri.var.x}` in a channel's x-uri-mapping naming no parameter of the channel: sent as written. */
function mappingWarnings(api: ApiDefinition): Problem[] {
  if (api.type !== 'WS') return [];
  return api.resources.flatMap((resource) =>
    resource.uriMapping === undefined
      ? []
      : ChannelMapping.unknownVariables(resource.path, resource.uriMapping).map((name) => ({
          code: 'route.mapping-variable-unknown' as const,
          message: `x-uri-mapping of channel ${resource.path} names {uri.var.${name}}, which is not a parameter of the channel; it is sent as written`,
          location: `#${resource.location}`,
        })),
  );
}

function corsWarnings(api: ApiDefinition, cors: CompiledCorsPolicy | undefined): Problem[] {
  if (cors === undefined || !cors.reflectsAnyOriginWithCredentials) return [];
  return [
    {
      code: 'cors.any-origin-with-credentials',
      message: 'CORS allows any origin (*) with credentials: every site can read credentialed responses of this API',
      location: api.cors?.enabled === true ? '#/x-wso2-cors' : 'dataPlane.cors',
    },
  ];
}

function addOnce(problems: Problem[], problem: Problem): void {
  if (!problems.some((p) => p.code === problem.code && p.message === problem.message && p.location === problem.location)) problems.push(problem);
}
