// Small statistics helpers of the scale scenario.

/** The q-quantile (0..1) of numbers, nearest rank; null for none. */
export function quantile(values, q) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
}

export const median = (values) => quantile(values, 0.5);

export function maxOf(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? Math.max(...xs) : null;
}

export const round = (v, digits = 2) => (v === null || v === undefined ? null : Number(v.toFixed(digits)));
