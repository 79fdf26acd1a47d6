import type { EndpointSet } from '#core';
import { LeastRequestBalancer } from './least-request-balancer.js';
import { PriorityBalancer } from './priority-balancer.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';
import { WeightedRoundRobinBalancer } from './weighted-round-robin-balancer.js';

/** Members a request has tried, as a bit set; members from 31 on are never marked (sets that big are rare). */
export type TriedMembers = number;

export function isTried(tried: TriedMembers, member: number): boolean {
  return member < 31 && (tried & (1 << member)) !== 0;
}

export function withTried(tried: TriedMembers, member: number): TriedMembers {
  return member < 31 ? tried | (1 << member) : tried;
}

/**
 * Chooses a member for one try (ARCHITECTURE §3): among the members that are usable and not in
 * `tried`, or -1 when there is none. Reads health flags and in-flight counts; allocates nothing.
 */
export interface LoadBalancer {
  pick(usable: readonly boolean[], tried: TriedMembers): number;
}

/** The balancer of a set with at least one URL: priority order for failover sets (spec §8.3), else its algorithm. */
export function balancerFor(set: EndpointSet, active: readonly number[]): LoadBalancer {
  const size = set.urls.length;
  if (set.policy === 'FAILOVER') return new PriorityBalancer(size);
  switch (set.balancer?.algorithm) {
    case 'weighted-round-robin':
      return new WeightedRoundRobinBalancer(set.balancer.weights ?? set.urls.map(() => 1));
    case 'least-request':
      return new LeastRequestBalancer(active);
    default:
      return new RoundRobinBalancer(size);
  }
}
