/** How long a token is kept when the endpoint does not say (`expires_in` absent). */
export const UNSAID_LIFETIME_MS = 5 * 60_000;

/** When a cached token stops being sent, and when a background refresh should replace it. */
export interface TokenLifetime {
  readonly freshUntil: number;
  readonly refreshAt: number;
}

/**
 * A token is dropped a margin before it expires (10% of its lifetime, 1 s to 60 s), so that a
 * request in flight and clocks slightly apart do not present it expired. A refresh starts up to
 * one more margin earlier, at least half-way through what is left.
 */
export function tokenLifetime(fetchedAt: number, expiresInSeconds: number | undefined): TokenLifetime {
  const lifetime = expiresInSeconds === undefined ? UNSAID_LIFETIME_MS : expiresInSeconds * 1000;
  const margin = Math.min(60_000, Math.max(1000, lifetime / 10));
  const freshUntil = fetchedAt + lifetime - margin;
  const refreshAt = freshUntil - Math.max(0, Math.min(margin, (freshUntil - fetchedAt) / 2));
  return { freshUntil, refreshAt };
}
