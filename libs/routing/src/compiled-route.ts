import type { ApiDefinition, BackendJwt, ClusterHandle, CorsPolicy, KeyType, Operation, OperationSecurity, Resource, RouteMatch } from '#core';
import { ChannelMapping } from './channel-mapping.js';
import { RouteTemplate } from './route-template.js';
import type { TrieMatch, TrieRoute } from './route-trie.js';

/** The clusters of a resource by key type, with the methods and CORS policy shared by its routes. */
export interface ResourceTarget {
  readonly api: ApiDefinition;
  readonly resource: Resource;
  /** A list, not a Map: a resource has a handful of methods, a gateway thousands of resources. */
  readonly operations: readonly Operation[];
  /** The compiled security of each operation, index for index. */
  readonly security: readonly OperationSecurity[];
  readonly allow: string;
  readonly clusters: Readonly<Partial<Record<KeyType, ClusterHandle>>>;
  readonly keyTypeIndependent: boolean;
  readonly cors: CorsPolicy | undefined;
  readonly backendJwt: BackendJwt | undefined;
}

const MAX_BASE_PATH_RANK = 0xffff;

/** One resource of one API under one base path (the versioned or the default-version one). */
export class CompiledRoute implements TrieRoute {
  readonly template: RouteTemplate;
  /** WebSocket APIs: the channel's backend path (spec §10.2) instead of the template's. */
  private readonly channel: ChannelMapping | undefined;
  readonly rank: number;

  constructor(
    readonly target: ResourceTarget,
    readonly basePath: string,
    /** Deployment order of the API, the last tie-breaker. */
    readonly sequence: number,
  ) {
    this.template = new RouteTemplate(basePath, target.resource.path);
    this.channel = target.api.type === 'WS' ? new ChannelMapping(target.resource.path, target.resource.uriMapping) : undefined;
    this.rank = rankOf(this.template, target.resource.path, basePath);
  }

  /** Methods the path item defines, plus OPTIONS which every route accepts (spec §5.3). */
  accepts(method: string): boolean {
    return method === 'OPTIONS' || this.operationIndex(method) >= 0;
  }

  toMatch(found: TrieMatch<CompiledRoute>, method: string): RouteMatch {
    const { api, resource, clusters, keyTypeIndependent, allow, cors, backendJwt } = this.target;
    const channel = this.channel;
    const upstreamPath = channel === undefined ? this.template.upstreamPath(found.captures, found.rest) : channel.upstreamPath(found.captures);
    const index = this.operationIndex(method);
    const operation = index < 0 ? undefined : this.target.operations[index];
    const security = index < 0 ? undefined : this.target.security[index];
    return { api, resource, operation, security, upstreamPath, clusters, keyTypeIndependent, allow, cors, backendJwt };
  }

  private operationIndex(method: string): number {
    const operations = this.target.operations;
    for (let i = 0; i < operations.length; i++) if (operations[i].method === method) return i;
    return -1;
  }
}

/**
 * The order of §5.2 as one number (lower is tried first). Across APIs the longest base path
 * wins: the API whose context names more of the path serves it (a versioned URL always reaches
 * its version, never another API's default-version or catch-all route). Within one base path,
 * spec §5.2: non-wildcard before wildcard, fewer parameters first, templates containing a `.` first.
 */
function rankOf(template: RouteTemplate, path: string, basePath: string): number {
  const shorterBase = MAX_BASE_PATH_RANK - Math.min(basePath.length, MAX_BASE_PATH_RANK);
  const wildcard = template.wildcard ? 1 : 0;
  const noDot = path.includes('.') ? 0 : 1;
  return ((shorterBase * 2 + wildcard) * 1024 + Math.min(template.paramCount, 1023)) * 2 + noDot;
}
