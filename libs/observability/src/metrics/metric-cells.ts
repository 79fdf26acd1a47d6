/**
 * The values behind one series, written on the request path with plain stores. prom-client's
 * own children hash their label object on every `inc()`/`observe()` (about 1 µs a request for
 * the request counter and histogram together); these are read only when Prometheus scrapes.
 */
export class CounterCell {
  value = 0;
}

/** One histogram series: a count per bucket (not cumulative: that is summed at scrape), the sum and the count. */
export class HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        this.counts[i]++;
        return;
      }
    }
    // Above the last bound: only +Inf, which is `count`.
  }
}
