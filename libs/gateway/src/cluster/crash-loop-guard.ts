/**
 * Tells a worker that keeps dying at start (a bad deployment on disk, a broken host) from one
 * that died once: `limit` deaths in a row, each within `windowMs` of that worker's start, mean
 * replacing them again would only loop. A worker that lived longer resets the count.
 */
export class CrashLoopGuard {
  private inARow = 0;

  constructor(
    readonly limit = 5,
    readonly windowMs = 10_000,
  ) {}

  /** Records one death; true when it completes a crash loop. */
  died(livedMs: number): boolean {
    this.inARow = livedMs < this.windowMs ? this.inARow + 1 : 0;
    return this.inARow >= this.limit;
  }
}
