import { generateKeyPair } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { EXIT_CODES, generateRsaPrivateKeyPem, StartupError } from '#core';
import { createOnce, type GatewaySettings, readIfPresent, resolveSettingsPath, writeAtomically } from '#settings';
import { type BackendJwtAlgorithm, KeyFileProblem, type PublishedJwk, SigningKey } from './signing-key.js';

/** A public key that no longer signs, published until the tokens it signed have expired. */
export interface RetiredKey {
  readonly jwk: PublishedJwk;
  /** Epoch milliseconds after which it leaves the JWKS. */
  readonly expiresAt: number;
}

/**
 * The backend JWT key the gateway generates when `backendJwt.keys` is empty, kept in
 * `<dataDir>/backend-jwt/` so tokens and backends' cached JWKS stay valid across restarts: the
 * signing key (`signing-<alg>.key`, one per algorithm so switching `signingAlgorithm` does not
 * trip over the other kind of key) and the retired public keys with their expiry
 * (`retired-keys.json`).
 */
export class GeneratedKeyStore {
  private readonly logger = new Logger('BackendJwt');

  constructor(
    readonly dir: string,
    private readonly alg: BackendJwtAlgorithm,
  ) {}

  static of(settings: GatewaySettings): GeneratedKeyStore {
    return new GeneratedKeyStore(join(resolveSettingsPath(settings, settings.dataDir), 'backend-jwt'), settings.backendJwt.signingAlgorithm);
  }

  get keyPath(): string {
    return join(this.dir, `signing-${this.alg.toLowerCase()}.key`);
  }

  get retiredPath(): string {
    return join(this.dir, 'retired-keys.json');
  }

  /** The persisted key, generated on first use. A file that cannot be read or used is a StartupError. */
  async loadOrCreate(): Promise<SigningKey> {
    let pem: string | undefined;
    try {
      pem = await readIfPresent(this.keyPath);
    } catch (error) {
      throw new StartupError(`cannot read the generated backend JWT key ${this.keyPath} (${(error as Error).message})`, EXIT_CODES.data);
    }
    if (pem === undefined) {
      const generated = await generatePem(this.alg);
      try {
        pem = await createOnce(this.keyPath, generated);
      } catch (error) {
        throw new StartupError(`cannot write the backend JWT key ${this.keyPath} (${(error as Error).message}); check dataDir`, EXIT_CODES.data);
      }
      if (pem === generated) this.logger.log(`Generated the backend JWT signing key ${this.keyPath}`);
    }
    try {
      return SigningKey.fromPem(this.alg, pem, `the generated backend JWT key ${this.keyPath}`);
    } catch (error) {
      if (!(error instanceof KeyFileProblem)) throw error;
      throw new StartupError(`${error.message}; remove the file to have a new key generated`, EXIT_CODES.data);
    }
  }

  /** A new signing key, persisted in place of the current one. */
  async replace(): Promise<SigningKey> {
    const pem = await generatePem(this.alg);
    const key = SigningKey.fromPem(this.alg, pem, 'a generated backend JWT key');
    await writeAtomically(this.keyPath, pem);
    return key;
  }

  /**
   * The retired keys persisted by earlier rotations. A file that cannot be read is logged and
   * ignored: those keys only verified tokens that are about to expire anyway.
   */
  async readRetired(): Promise<RetiredKey[]> {
    try {
      const text = await readIfPresent(this.retiredPath);
      if (text === undefined) return [];
      const parsed = JSON.parse(text) as { keys?: unknown };
      if (!Array.isArray(parsed.keys)) throw new Error('no "keys" array');
      return parsed.keys.filter(isRetiredKey);
    } catch (error) {
      this.logger.warn(`Ignoring ${this.retiredPath} (${(error as Error).message}): the keys retired before the restart are no longer published`);
      return [];
    }
  }

  async writeRetired(keys: readonly RetiredKey[]): Promise<void> {
    await writeAtomically(this.retiredPath, `${JSON.stringify({ keys }, null, 2)}\n`);
  }
}

function isRetiredKey(entry: unknown): entry is RetiredKey {
  const candidate = entry as Partial<RetiredKey> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.expiresAt === 'number' &&
    typeof candidate.jwk === 'object' &&
    candidate.jwk !== null &&
    typeof candidate.jwk.kid === 'string'
  );
}

function generatePem(alg: BackendJwtAlgorithm): Promise<string> {
  if (alg === 'RS256') return generateRsaPrivateKeyPem();
  return new Promise((resolve, reject) =>
    generateKeyPair(
      'ec',
      { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)),
    ),
  );
}
