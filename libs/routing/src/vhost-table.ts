import type { RouteMatch } from '#core';
import { type CompiledRoute, compareRoutes, firstSegment } from './compiled-route.js';

/**
 * The routes of one vhost, filed by the first segment of their base path so a request only
 * tries the routes that can match it. Routes under the root base path are tried in every bucket.
 */
export class VhostTable {
  private readonly buckets = new Map<string, readonly CompiledRoute[]>();
  private readonly rootRoutes: readonly CompiledRoute[];

  constructor(routes: readonly CompiledRoute[]) {
    const byBucket = new Map<string, CompiledRoute[]>();
    for (const route of routes) {
      const list = byBucket.get(route.bucket) ?? [];
      list.push(route);
      byBucket.set(route.bucket, list);
    }
    this.rootRoutes = (byBucket.get('') ?? []).sort(compareRoutes);
    for (const [bucket, list] of byBucket) {
      if (bucket !== '') this.buckets.set(bucket, [...list, ...this.rootRoutes].sort(compareRoutes));
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    const candidates = this.buckets.get(firstSegment(path)) ?? this.rootRoutes;
    for (let i = 0; i < candidates.length; i++) {
      const found = candidates[i].match(method, path);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
