import { isTried, type LoadBalancer, type TriedMembers } from './load-balancer.js';

/**
 * Smooth weighted round robin (as nginx spreads `weight=`): each pick adds every eligible
 * member's weight to its credit and takes the member with the most, which then pays the total.
 * Over a cycle each member gets exactly its share, interleaved rather than in bursts.
 */
export class WeightedRoundRobinBalancer implements LoadBalancer {
  private readonly credit: number[];

  constructor(private readonly weights: readonly number[]) {
    this.credit = weights.map(() => 0);
  }

  pick(usable: readonly boolean[], tried: TriedMembers): number {
    const { weights, credit } = this;
    let best = -1;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      if (!usable[i] || isTried(tried, i)) continue;
      credit[i] += weights[i];
      total += weights[i];
      if (best < 0 || credit[i] > credit[best]) best = i;
    }
    if (best >= 0) credit[best] -= total;
    return best;
  }
}
