/**
 * The JWKS endpoint's token bucket (spec §13.5): it holds at most `quota` requests and refills
 * continuously at `quota` per `windowSeconds`, so a burst of `quota` is answered at once and then
 * one request per `windowSeconds / quota`. One bucket for all clients, as Choreo Connect's.
 */
export class JwksRateLimit {
  private tokens: number;
  private refilledAt: number;
  private readonly perMs: number;

  constructor(
    private readonly quota: number,
    windowSeconds: number,
    now: number,
  ) {
    this.tokens = quota;
    this.refilledAt = now;
    this.perMs = quota / (windowSeconds * 1000);
  }

  /** 0 when the request may be answered (it takes a token), else the milliseconds until one is available. */
  take(now: number): number {
    // A clock that went back refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.quota, this.tokens + elapsed * this.perMs);
    this.refilledAt = Math.max(this.refilledAt, now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.perMs);
  }
}
