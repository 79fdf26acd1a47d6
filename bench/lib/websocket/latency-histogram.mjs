// Round-trip times in 10 µs buckets up to 10 s (one Uint32Array): recording costs an increment,
// so the load generator measures every message without keeping them.
const BUCKET_US = 10;
const BUCKETS = 1_000_000;

export class LatencyHistogram {
  #counts = new Uint32Array(BUCKETS);
  count = 0;

  record(ms) {
    const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor((ms * 1000) / BUCKET_US)));
    this.#counts[bucket]++;
    this.count++;
  }

  /** The upper edge of the bucket holding the q-quantile, in ms (null when empty). */
  quantileMs(q) {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i];
      if (seen >= rank) return ((i + 1) * BUCKET_US) / 1000;
    }
    return (BUCKETS * BUCKET_US) / 1000;
  }
}
