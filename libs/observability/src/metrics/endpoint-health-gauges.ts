import { Gauge, type Registry } from 'prom-client';
import type { ClusterDirectory, MemberState } from '#core';
import { endpointLabel } from './label-values.js';

const MEMBER_LABELS = ['api', 'api_version', 'cluster', 'endpoint'] as const;
const STATES: readonly MemberState[] = ['healthy', 'unhealthy', 'ejected'];

/**
 * Member health as the routing table has it when Prometheus scrapes: nothing is recorded in
 * between, and a cluster that is gone is simply not listed any more.
 */
export function registerEndpointHealthGauges(registry: Registry, directory: ClusterDirectory): void {
  new Gauge({
    name: 'portico_endpoint_healthy',
    help: 'Whether a cluster member takes traffic (1) or not (0: unhealthy by probes or ejected).',
    labelNames: MEMBER_LABELS,
    registers: [registry],
    // With workers, each process has its own health state: 1 only if every one sends the member traffic.
    aggregator: 'min',
    collect() {
      this.reset();
      for (const cluster of directory.clusters()) {
        const { name, version } = cluster.api;
        for (const member of cluster.members) {
          this.set({ api: name, api_version: version, cluster: cluster.id, endpoint: endpointLabel(member.url) }, member.state === 'healthy' ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'portico_endpoint_state',
    help: "A cluster member's routing state: 1 for its current state, 0 for the others.",
    labelNames: [...MEMBER_LABELS, 'state'],
    registers: [registry],
    // With workers: 1 for a state some process sees the member in.
    aggregator: 'max',
    collect() {
      this.reset();
      for (const cluster of directory.clusters()) {
        const { name, version } = cluster.api;
        for (const member of cluster.members) {
          const labels = { api: name, api_version: version, cluster: cluster.id, endpoint: endpointLabel(member.url) };
          for (const state of STATES) this.set({ ...labels, state }, member.state === state ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'portico_cluster_panic',
    help: 'Whether a cluster is in panic mode (too few members available: traffic goes to all of them).',
    labelNames: ['api', 'api_version', 'cluster'],
    registers: [registry],
    aggregator: 'max',
    collect() {
      this.reset();
      for (const cluster of directory.clusters()) this.set({ api: cluster.api.name, api_version: cluster.api.version, cluster: cluster.id }, cluster.panic ? 1 : 0);
    },
  });
}
