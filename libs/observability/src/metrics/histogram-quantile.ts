/**
 * The `q` quantile of the observations a histogram counted, as Prometheus' `histogram_quantile`
 * estimates it: find the bucket holding the rank `q × count`, then interpolate linearly between
 * its lower and upper bound (the first bucket starts at 0). A rank in the `+Inf` bucket answers
 * the highest finite bound, the most that can be said. Undefined without observations.
 *
 * `bounds`: the finite upper bounds, ascending. `cumulative[i]`: observations ≤ `bounds[i]`;
 * `cumulative[bounds.length]`: all of them (`+Inf`).
 */
export function histogramQuantile(q: number, bounds: readonly number[], cumulative: ArrayLike<number>): number | undefined {
  const count = cumulative[bounds.length];
  if (!(count > 0)) return undefined;
  const rank = q * count;
  let below = 0;
  for (let i = 0; i < bounds.length; i++) {
    const upTo = cumulative[i];
    if (upTo >= rank && upTo > below) {
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + ((bounds[i] - lower) * (rank - below)) / (upTo - below);
    }
    below = upTo;
  }
  return bounds.length === 0 ? undefined : bounds[bounds.length - 1];
}
