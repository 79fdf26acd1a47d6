import { type ClusterHandle, REQUEST_ERRORS, type RequestRecord, type RouteMatch } from '#core';
import type { CounterCell, HistogramCell } from './metric-cells.js';
import type { CounterFamily, HistogramFamily } from './series-family.js';

interface ClusterCells {
  readonly duration: HistogramCell;
  readonly attempts: CounterCell;
  readonly retries: CounterCell;
  readonly overflows: CounterCell;
}

export const CLUSTER_LABELS = ['api', 'api_version', 'cluster'] as const;
export const UPSTREAM_DURATION_LABELS = ['api', 'api_version', 'cluster', 'endpoint_set'] as const;

export interface UpstreamFamilies {
  readonly duration: HistogramFamily;
  readonly attempts: CounterFamily;
  readonly retries: CounterFamily;
  readonly overflows: CounterFamily;
}

/**
 * The upstream series of each live cluster (time to the accepted head, tries, retries,
 * circuit-breaker overflows), cached per cluster handle: one WeakMap lookup per proxied request.
 */
export class UpstreamSeries {
  private byCluster = new WeakMap<ClusterHandle, ClusterCells>();

  constructor(private readonly families: UpstreamFamilies) {}

  observe(record: RequestRecord, route: RouteMatch, cluster: ClusterHandle): void {
    const cells = this.byCluster.get(cluster) ?? this.cellsOf(route, cluster);
    if (record.upstreamMs >= 0) cells.duration.observe(record.upstreamMs / 1000);
    const attempts = record.attempts;
    if (attempts > 0) {
      cells.attempts.value += attempts;
      if (attempts > 1) cells.retries.value += attempts - 1;
    }
    if (record.error === REQUEST_ERRORS.upstreamOverflow) cells.overflows.value++;
  }

  forget(): void {
    this.byCluster = new WeakMap();
  }

  private cellsOf(route: RouteMatch, cluster: ClusterHandle): ClusterCells {
    const { name, version } = route.api;
    const labels = [name, version, cluster.id];
    const { duration, attempts, retries, overflows } = this.families;
    const cells = {
      duration: duration.cell([...labels, cluster.endpointSet.name]),
      attempts: attempts.cell(labels),
      retries: retries.cell(labels),
      overflows: overflows.cell(labels),
    };
    this.byCluster.set(cluster, cells);
    return cells;
  }
}

/**
 * The cluster a request was refused admission to: the dispatcher answers an overflow before it
 * records the cluster, so it is found again as the dispatcher chose it (key type, else
 * production before sandbox). Only overflowed requests get here.
 */
export function admittingCluster(record: RequestRecord, route: RouteMatch): ClusterHandle | undefined {
  const { clusters } = route;
  const keyType = record.keyType;
  if (keyType === undefined || route.keyTypeIndependent) return clusters.PRODUCTION ?? clusters.SANDBOX;
  return keyType === 'PRODUCTION' ? clusters.PRODUCTION : keyType === 'SANDBOX' ? clusters.SANDBOX : undefined;
}
