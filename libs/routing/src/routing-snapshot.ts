import type { Deployment, RouteMatch, RoutingSnapshot } from '#core';
import type { CompiledRoute } from './compiled-route.js';
import type { RouteTrie } from './route-trie.js';

const HOST_CACHE_LIMIT = 256;

/**
 * An immutable routing table: vhost → route trie. The Host header selects the vhost (`name` or
 * `name:port`, spec §5.1); a host that names no known vhost falls back to the default
 * environment's vhost when configured to.
 */
export class Snapshot implements RoutingSnapshot {
  /** Host header → trie; bounded, filled on first sight of each header value. */
  private readonly hostCache = new Map<string, RouteTrie<CompiledRoute> | null>();
  private readonly fallback: RouteTrie<CompiledRoute> | undefined;

  constructor(
    readonly deployments: readonly Deployment[],
    readonly tries: ReadonlyMap<string, RouteTrie<CompiledRoute>>,
    /** The vhost whose routes serve a Host that names no vhost; undefined: such hosts get 404. */
    readonly fallbackVhost: string | undefined,
  ) {
    this.fallback = fallbackVhost === undefined ? undefined : tries.get(fallbackVhost);
  }

  match(host: string | undefined, method: string, path: string): RouteMatch | undefined {
    const trie = this.trieFor(host ?? '');
    const found = trie?.match(method, path);
    return found === undefined ? undefined : found.route.toMatch(found, method);
  }

  private trieFor(host: string): RouteTrie<CompiledRoute> | null {
    const cached = this.hostCache.get(host);
    if (cached !== undefined) return cached;
    const trie = this.tries.get(hostName(host)) ?? this.fallback ?? null;
    if (this.hostCache.size >= HOST_CACHE_LIMIT) this.hostCache.clear();
    this.hostCache.set(host, trie);
    return trie;
  }
}

/** `Example.com:9090` → `example.com`; `[::1]:9090` → `[::1]`. */
export function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end < 0 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}
