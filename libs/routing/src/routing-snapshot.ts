import type { Deployment, RouteMatch, RoutingSnapshot } from '#core';
import type { ClusterRuntime } from './cluster-runtime.js';
import type { VhostTable } from './vhost-table.js';

const HOST_CACHE_LIMIT = 256;

/**
 * An immutable routing table: vhost → routes, plus the clusters those routes use. The Host
 * header selects the vhost (`name` or `name:port`, spec §5.1); a host that names no known vhost
 * falls back to the default environment's vhost when configured to.
 */
export class Snapshot implements RoutingSnapshot {
  /** Raw Host header → table; bounded, filled on first sight of each header value. */
  private readonly hostCache = new Map<string, VhostTable | null>();

  constructor(
    readonly deployments: readonly Deployment[],
    private readonly vhosts: ReadonlyMap<string, VhostTable>,
    private readonly fallback: VhostTable | undefined,
    /** Every cluster the routes use, by cluster key. */
    readonly clusters: ReadonlyMap<string, ClusterRuntime>,
  ) {}

  match(host: string | undefined, method: string, path: string): RouteMatch | undefined {
    const table = this.tableFor(host ?? '');
    return table === null ? undefined : table.match(method, path);
  }

  private tableFor(host: string): VhostTable | null {
    const cached = this.hostCache.get(host);
    if (cached !== undefined) return cached;
    const table = this.vhosts.get(hostName(host)) ?? this.fallback ?? null;
    if (this.hostCache.size >= HOST_CACHE_LIMIT) this.hostCache.clear();
    this.hostCache.set(host, table);
    return table;
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
