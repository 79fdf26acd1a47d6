import { isTried, type LoadBalancer, type TriedMembers } from './load-balancer.js';

/** Up to this many members every one is compared; above it, two random ones (Envoy's P2C). */
const FULL_SCAN_MAX = 4;

/**
 * Least request: the eligible member with the fewest tries in flight, so a slow member gets
 * less. Ties rotate, so equal members share evenly.
 */
export class LeastRequestBalancer implements LoadBalancer {
  private rotation = 0;

  constructor(private readonly active: readonly number[]) {}

  pick(usable: readonly boolean[], tried: TriedMembers): number {
    const size = this.active.length;
    return size <= FULL_SCAN_MAX ? this.scan(usable, tried, size) : this.twoChoices(usable, tried, size);
  }

  private scan(usable: readonly boolean[], tried: TriedMembers, size: number): number {
    const start = this.rotation;
    this.rotation = start + 1 === size ? 0 : start + 1;
    let best = -1;
    for (let k = 0, i = start; k < size; k++, i = i + 1 === size ? 0 : i + 1) {
      if (usable[i] && !isTried(tried, i) && (best < 0 || this.active[i] < this.active[best])) best = i;
    }
    return best;
  }

  private twoChoices(usable: readonly boolean[], tried: TriedMembers, size: number): number {
    const first = this.randomEligible(usable, tried, size);
    if (first < 0) return -1;
    const second = this.randomEligible(usable, tried, size);
    return this.active[second] < this.active[first] ? second : first;
  }

  /** A random eligible member: a random start, then the first eligible one from there. */
  private randomEligible(usable: readonly boolean[], tried: TriedMembers, size: number): number {
    const start = Math.floor(Math.random() * size);
    for (let k = 0, i = start; k < size; k++, i = i + 1 === size ? 0 : i + 1) {
      if (usable[i] && !isTried(tried, i)) return i;
    }
    return -1;
  }
}
