import type { ApiDefinition, ClusterHandle, KeyType, Operation, Resource, RouteMatch } from '#core';
import { RoutePattern } from './route-pattern.js';

/** One resource of one API under one base path (the versioned or the default-version one). */
export class CompiledRoute {
  readonly pattern: RoutePattern;
  /** First path segment of the base path: the bucket this route is filed under. */
  readonly bucket: string;
  private readonly operations: ReadonlyMap<string, Operation>;

  constructor(
    readonly api: ApiDefinition,
    readonly resource: Resource,
    readonly basePath: string,
    readonly clusters: Readonly<Partial<Record<KeyType, ClusterHandle>>>,
    /** Position in deployment order, the last tie-breaker. */
    readonly sequence: number,
  ) {
    this.pattern = new RoutePattern(basePath, resource.path);
    this.bucket = firstSegment(basePath);
    this.operations = new Map(resource.operations.map((op) => [op.method, op]));
  }

  /** Methods the path item defines, plus OPTIONS which every route accepts (spec §5.3). */
  match(method: string, path: string): RouteMatch | undefined {
    const operation = this.operations.get(method);
    if (operation === undefined && method !== 'OPTIONS') return undefined;
    const upstreamPath = this.pattern.match(path);
    if (upstreamPath === undefined) return undefined;
    return { api: this.api, resource: this.resource, operation, upstreamPath, clusters: this.clusters };
  }
}

/** `/petstore/v1/pets` → `petstore`; `/` → ''. */
export function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

/**
 * Spec §5.2 order: concrete before parameterised (paths with a `.` first), fewer parameters
 * before more, wildcards last; then the longer base path, then deployment order.
 */
export function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  return (
    Number(a.pattern.wildcard) - Number(b.pattern.wildcard) ||
    a.pattern.paramCount - b.pattern.paramCount ||
    Number(!a.resource.path.includes('.')) - Number(!b.resource.path.includes('.')) ||
    b.basePath.length - a.basePath.length ||
    a.sequence - b.sequence
  );
}
