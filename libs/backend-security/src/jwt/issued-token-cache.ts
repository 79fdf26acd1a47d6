/** A backend JWT remembered for one caller credential. */
export interface IssuedToken {
  readonly token: string;
  /** The keys' generation that signed it: a rotation makes it stale. */
  readonly generation: number;
  /** Epoch milliseconds after which a new token is issued instead. */
  readonly renewAt: number;
}

/**
 * The backend JWTs of one API by caller credential, at most `maxEntries` (the least recently used
 * goes first). Recency is the Map's insertion order: a hit moves its entry to the end.
 */
export class IssuedTokenCache {
  private readonly entries = new Map<string, IssuedToken>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The fresh token for `credential` signed under `generation`; undefined otherwise (a stale one is dropped). */
  get(credential: string, generation: number, now: number): string | undefined {
    const entry = this.entries.get(credential);
    if (entry === undefined) return undefined;
    this.entries.delete(credential);
    if (entry.renewAt <= now || entry.generation !== generation) return undefined;
    this.entries.set(credential, entry);
    return entry.token;
  }

  /** Does nothing when the cache is off (maxEntries 0). */
  set(credential: string, entry: IssuedToken): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(credential);
    this.entries.set(credential, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
