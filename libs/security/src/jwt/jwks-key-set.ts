import type { KeyObject } from 'node:crypto';
import type { JwksSettings } from '#settings';
import { parseJwks } from './jwks-document.js';
import type { VerificationClock } from './verification-clock.js';

export interface JwksKeySetOptions {
  /** The issuer's configured name, for log lines. */
  readonly issuerName: string;
  readonly url: string;
  readonly settings: JwksSettings;
  readonly clock: VerificationClock;
  /** Writes one warning line. */
  readonly warn: (line: string) => void;
}

/** Upper bound of a JWKS answer: a key set is a few kilobytes; more is a misconfigured URL. */
const MAX_JWKS_BYTES = 1024 * 1024;

/**
 * The keys an issuer publishes at its JWKS URL. Lookups answer from memory; the set is fetched
 * at start, again in the background once it is older than `cacheTtlMs`, and again when a token
 * names an unknown `kid`, but never more often than once per `minRefetchIntervalMs` (a flood of
 * forged kids must not become a flood of fetches). Callers arriving during a fetch share it. A
 * failed, refused or slow fetch keeps the last good keys and writes one warning.
 */
export class JwksKeySet {
  private keys: ReadonlyMap<string, KeyObject> = new Map();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private disposed = false;

  constructor(private readonly options: JwksKeySetOptions) {}

  /** The key for `kid` as known now; starts a background refresh when the set is stale. */
  keyFor(kid: string): KeyObject | undefined {
    const now = this.options.clock.now();
    if (now - this.fetchedAt >= this.options.settings.cacheTtlMs && this.mayFetch(now)) void this.fetch();
    return this.keys.get(kid);
  }

  /**
   * Fetches the set again because a token named an unknown `kid`, unless a fetch started less than
   * `minRefetchIntervalMs` ago; resolves when the set is as fresh as it will get for now.
   */
  refreshForUnknownKid(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    return this.mayFetch(this.options.clock.now()) ? this.fetch() : Promise.resolve();
  }

  /** Fetches now (at start); joins a fetch under way. Never rejects. */
  fetch(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.disposed) return Promise.resolve();
    this.attemptedAt = this.options.clock.now();
    this.inFlight = this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  get keyCount(): number {
    return this.keys.size;
  }

  /** Aborts a fetch under way; no fetch starts afterwards. */
  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
  }

  private mayFetch(now: number): boolean {
    return !this.disposed && now - this.attemptedAt >= this.options.settings.minRefetchIntervalMs;
  }

  private async load(): Promise<void> {
    const { url, issuerName, settings } = this.options;
    const abort = new AbortController();
    this.abort = abort;
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${settings.timeoutMs} ms`)), settings.timeoutMs);
    try {
      const response = await fetch(url, { signal: abort.signal, headers: { accept: 'application/json' } });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const body = await response.text();
      if (body.length > MAX_JWKS_BYTES) throw new Error(`the answer is larger than ${MAX_JWKS_BYTES} bytes`);
      const { keys, skipped } = parseJwks(body);
      this.keys = keys;
      this.fetchedAt = this.options.clock.now();
      if (skipped > 0) this.options.warn(`JWKS of issuer "${issuerName}" (${url}): ${skipped} entries are not RSA or EC signing keys with a kid and are not used`);
    } catch (error) {
      if (this.disposed) return;
      const reason = abort.signal.aborted ? String((abort.signal.reason as Error | undefined)?.message ?? 'aborted') : describe(error);
      this.options.warn(`JWKS of issuer "${issuerName}" (${url}) could not be fetched: ${reason}; the ${this.keys.size} keys fetched before stay in use`);
    } finally {
      clearTimeout(timer);
      if (this.abort === abort) this.abort = undefined;
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = (error as Error).message ?? String(error);
  return cause?.code ? `${message} (${cause.code})` : message;
}
