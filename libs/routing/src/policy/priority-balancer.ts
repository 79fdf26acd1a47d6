import { isTried, type LoadBalancer, type TriedMembers } from './load-balancer.js';

/**
 * Failover (spec §8.3): the URLs are priorities in list order; everything goes to the first usable
 * one, so traffic returns to the primary as soon as it is usable again.
 */
export class PriorityBalancer implements LoadBalancer {
  constructor(private readonly size: number) {}

  pick(usable: readonly boolean[], tried: TriedMembers): number {
    for (let i = 0; i < this.size; i++) if (usable[i] && !isTried(tried, i)) return i;
    return -1;
  }
}
