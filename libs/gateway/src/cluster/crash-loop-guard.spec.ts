import { CrashLoopGuard } from './crash-loop-guard.js';

describe('CrashLoopGuard', () => {
  it('calls five deaths in a row, each within 10 s of the start, a crash loop', () => {
    const guard = new CrashLoopGuard();
    expect([9_999, 10, 10, 10].map((lived) => guard.died(lived))).toEqual([false, false, false, false]);
    expect(guard.died(10)).toBe(true);
  });

  it('starts counting again after a worker that lived longer', () => {
    const guard = new CrashLoopGuard(3, 1_000);
    expect([10, 10, 1_000, 10, 10].map((lived) => guard.died(lived))).toEqual([false, false, false, false, false]);
    expect(guard.died(10)).toBe(true);
  });
});
