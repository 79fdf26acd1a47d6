import { LeastRequestBalancer } from './least-request-balancer.js';
import { withTried } from './load-balancer.js';
import { PriorityBalancer } from './priority-balancer.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';
import { WeightedRoundRobinBalancer } from './weighted-round-robin-balancer.js';

const all = (n: number): boolean[] => new Array<boolean>(n).fill(true);

function counts(pick: () => number, n: number, times: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < times; i++) out[pick()]++;
  return out;
}

describe('balancers', () => {
  it('round robin cycles over usable members and skips tried ones', () => {
    const rr = new RoundRobinBalancer(3);
    expect([0, 1, 2, 3].map(() => rr.pick(all(3), 0))).toEqual([0, 1, 2, 0]);
    expect(counts(() => rr.pick([true, false, true], 0), 3, 100)).toEqual([50, 0, 50]);
    expect(rr.pick(all(3), withTried(withTried(0, 0), 1))).toBe(2);
    expect(rr.pick([false, false, false], 0)).toBe(-1);
  });

  it('weighted round robin gives exact shares, interleaved', () => {
    const wrr = new WeightedRoundRobinBalancer([3, 1, 1]);
    const sequence = Array.from({ length: 5 }, () => wrr.pick(all(3), 0));
    expect(sequence).toEqual([0, 1, 0, 2, 0]);
    expect(counts(() => wrr.pick(all(3), 0), 3, 500)).toEqual([300, 100, 100]);
    // An unusable member's share goes to the others.
    expect(counts(() => wrr.pick([false, true, true], 0), 3, 100)).toEqual([0, 50, 50]);
  });

  it('least request prefers the member with the fewest tries in flight; ties rotate', () => {
    const active = [0, 0];
    const lr = new LeastRequestBalancer(active);
    expect(counts(() => lr.pick(all(2), 0), 2, 10)).toEqual([5, 5]);
    active[0] = 3;
    expect(counts(() => lr.pick(all(2), 0), 2, 10)).toEqual([0, 10]);
    expect(lr.pick(all(2), withTried(0, 1))).toBe(0);
  });

  it('least request compares two random members in large sets', () => {
    const active = [5, 5, 5, 5, 5, 0];
    const lr = new LeastRequestBalancer(active);
    const picked = counts(() => lr.pick(all(6), 0), 6, 600);
    expect(picked[5]).toBeGreaterThan(150);
  });

  it('priority order sends everything to the first usable member', () => {
    const priority = new PriorityBalancer(3);
    expect(counts(() => priority.pick(all(3), 0), 3, 10)).toEqual([10, 0, 0]);
    expect(priority.pick([false, true, true], 0)).toBe(1);
    expect(priority.pick(all(3), withTried(0, 0))).toBe(1);
  });
});
