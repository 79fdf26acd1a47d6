import { Logger } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
import type { GatewaySettings } from '#settings';
import { type ConfiguredKeys, readConfiguredKeys } from './configured-key-files.js';
import { GeneratedKeyStore, type RetiredKey } from './generated-key-store.js';
import { KeyFileProblem, type PublishedJwk, type SigningKey } from './signing-key.js';

/** Epoch milliseconds; tests pass their own to let retired keys expire without waiting. */
export type BackendJwtClock = () => number;

/** What a rotation left in place: the signing key's id and every key id the JWKS now publishes. */
export interface RotationSummary {
  readonly kid: string;
  readonly published: readonly string[];
}

/** A token may be verified a little after its `exp` (clock skew, a request in flight). */
const RETIREMENT_GRACE_SECONDS = 60;

/**
 * The gateway's backend JWT keys (spec §13.1, §13.5): the configured key pairs of
 * `backendJwt.keys` (all published, one signing), or, with none configured, one generated key
 * kept in the data dir. `rotate()` changes keys without a restart; a key that stops signing stays
 * published until the tokens it signed have expired (the longest token TTL + 60 s).
 *
 * Gateways sharing a data dir each rotate on their own: the others pick up the new key at their
 * next start.
 */
export class BackendJwtKeys {
  private readonly logger = new Logger('BackendJwt');
  private current: readonly SigningKey[];
  private signingKey: SigningKey;
  private retired: readonly RetiredKey[];
  private longestTtlSeconds: number;
  private generationNumber = 0;
  private issuing: boolean;
  private document: Buffer | undefined;
  private documentStaleAt = Number.POSITIVE_INFINITY;
  private rotation: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly settings: GatewaySettings,
    /** Undefined when the keys are configured files. */
    private readonly store: GeneratedKeyStore | undefined,
    keys: ConfiguredKeys,
    retired: readonly RetiredKey[],
    readonly clock: BackendJwtClock,
  ) {
    this.current = keys.keys;
    this.signingKey = keys.signing;
    this.retired = retired;
    this.longestTtlSeconds = settings.backendJwt.tokenTtlSeconds;
    this.issuing = settings.backendJwt.enabled;
  }

  /** Reads the configured keys, or the generated key (generating it on first start); a key that cannot sign is a StartupError. */
  static async load(settings: GatewaySettings, clock: BackendJwtClock = Date.now): Promise<BackendJwtKeys> {
    if (settings.backendJwt.keys.length > 0) {
      try {
        return new BackendJwtKeys(settings, undefined, await readConfiguredKeys(settings), [], clock);
      } catch (error) {
        if (error instanceof KeyFileProblem) throw new StartupError(error.message, EXIT_CODES.config);
        throw error;
      }
    }
    const store = GeneratedKeyStore.of(settings);
    const key = await store.loadOrCreate();
    const now = clock();
    // A rotation that stopped between its two writes lists the key that still signs as retired.
    const retired = (await store.readRetired()).filter((entry) => entry.expiresAt > now && entry.jwk.kid !== key.kid);
    return new BackendJwtKeys(settings, store, { keys: [key], signing: key }, retired, clock);
  }

  /** The key signing from now on. */
  get signing(): SigningKey {
    return this.signingKey;
  }

  /** Changes with every rotation: a token cached under another generation is signed again. */
  get generation(): number {
    return this.generationNumber;
  }

  /** `generated`: the key lives in the data dir; `configured`: `backendJwt.keys`. */
  get mode(): 'generated' | 'configured' {
    return this.store ? 'generated' : 'configured';
  }

  /**
   * Called by every issuer: an API whose tokens live longer than `backendJwt.tokenTtlSeconds`
   * keeps retired keys published for longer, and the JWKS is served from now on.
   */
  coverTokenTtl(seconds: number): void {
    this.longestTtlSeconds = Math.max(this.longestTtlSeconds, seconds);
    this.issuing = true;
  }

  /** Whether backend JWTs are sent: enabled gateway-wide, or an API turned them on. The JWKS is served only then (spec §13.5). */
  get inUse(): boolean {
    return this.issuing;
  }

  /** The JWKS document (`{"keys":[…]}`), built once per change of the published keys. */
  jwks(): Buffer {
    const now = this.clock();
    if (this.document === undefined || now >= this.documentStaleAt) {
      this.retired = this.retired.filter((entry) => entry.expiresAt > now);
      this.document = Buffer.from(JSON.stringify({ keys: this.published() }), 'utf8');
      this.documentStaleAt = Math.min(Number.POSITIVE_INFINITY, ...this.retired.map((entry) => entry.expiresAt));
    }
    return this.document;
  }

  /**
   * Generated key: a new key signs from now on. Configured keys: the files are read again (an
   * operator replaced them) and a key whose content changed is replaced. Rotations run one at a
   * time; a file that cannot be used rejects the rotation and the current keys stay in use.
   */
  rotate(): Promise<RotationSummary> {
    const done = this.rotation.then(() => this.rotateNow());
    this.rotation = done.catch(() => undefined);
    return done;
  }

  private async rotateNow(): Promise<RotationSummary> {
    const previous = this.signingKey;
    const now = this.clock();
    const stillLive = this.retired.filter((entry) => entry.expiresAt > now);
    const retiring: RetiredKey = { jwk: previous.jwk, expiresAt: now + (this.longestTtlSeconds + RETIREMENT_GRACE_SECONDS) * 1000 };
    let keys: ConfiguredKeys;
    let retired: readonly RetiredKey[];
    if (this.store) {
      retired = [...stillLive, retiring];
      // Retired list first: a crash between the writes leaves the old key signing and listed twice, never unpublished.
      await this.store.writeRetired(retired);
      const key = await this.store.replace();
      keys = { keys: [key], signing: key };
    } else {
      keys = await this.reread();
      retired = keys.keys.some((key) => key.kid === previous.kid) ? stillLive : [...stillLive, retiring];
    }
    this.current = keys.keys;
    this.signingKey = keys.signing;
    this.retired = retired;
    this.generationNumber += 1;
    this.document = undefined;
    const published = this.published().map((jwk) => jwk.kid);
    this.logger.log(`Backend JWT keys rotated: ${keys.signing.kid} signs; published: ${published.join(', ')}`);
    return { kid: keys.signing.kid, published };
  }

  private async reread(): Promise<ConfiguredKeys> {
    try {
      return await readConfiguredKeys(this.settings);
    } catch (error) {
      if (!(error instanceof KeyFileProblem)) throw error;
      throw new Error(`Backend JWT key rotation refused, the current keys stay in use: ${error.message}`, { cause: error });
    }
  }

  /** Current keys first (settings order), then retired ones; each key id once. */
  private published(): PublishedJwk[] {
    const seen = new Set<string>();
    const entries: PublishedJwk[] = [];
    for (const jwk of [...this.current.map((key) => key.jwk), ...this.retired.map((entry) => entry.jwk)]) {
      if (seen.has(jwk.kid)) continue;
      seen.add(jwk.kid);
      entries.push(jwk);
    }
    return entries;
  }
}
