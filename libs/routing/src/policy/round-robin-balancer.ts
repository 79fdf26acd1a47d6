import { isTried, type LoadBalancer, type TriedMembers } from './load-balancer.js';

/** Round robin over the usable members (spec §8.2): the next one after the last chosen. */
export class RoundRobinBalancer implements LoadBalancer {
  private next = 0;

  constructor(private readonly size: number) {}

  pick(usable: readonly boolean[], tried: TriedMembers): number {
    const size = this.size;
    for (let k = 0, i = this.next; k < size; k++, i = i + 1 === size ? 0 : i + 1) {
      if (usable[i] && !isTried(tried, i)) {
        this.next = i + 1 === size ? 0 : i + 1;
        return i;
      }
    }
    return -1;
  }
}
