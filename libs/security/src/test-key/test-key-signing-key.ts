import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { EXIT_CODES, generateRsaPrivateKeyPem, StartupError } from '#core';
import { createOnce, type GatewaySettings, readIfPresent, resolveSettingsPath } from '#settings';

/**
 * The RSA key signing the tokens of `/testkey` (spec §11.5): `security.testKey.keyFile` when set,
 * else a key generated once into `<dataDir>/keys/test-key.key` (mode 0600) and reused, so tokens
 * stay valid across restarts and across gateways sharing a data dir. Its `kid` is the key's JWK
 * thumbprint (RFC 7638): the same key always gets the same kid.
 */
export class TestKeySigningKey {
  private constructor(
    readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    readonly kid: string,
    /** Where the key was read from or written to. */
    readonly path: string,
  ) {}

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  static async load(settings: GatewaySettings): Promise<TestKeySigningKey> {
    const configured = settings.security.testKey.keyFile;
    if (configured !== undefined) {
      const path = resolveSettingsPath(settings, configured);
      let pem: string;
      try {
        pem = await readFile(path, 'utf8');
      } catch (error) {
        throw new StartupError(`security.testKey.keyFile: cannot read ${path} (${(error as Error).message})`, EXIT_CODES.config);
      }
      return TestKeySigningKey.fromPem(pem, path, 'security.testKey.keyFile');
    }
    const path = join(resolveSettingsPath(settings, settings.dataDir), 'keys', 'test-key.key');
    const existing = await generatedKeyIfPresent(path);
    if (existing !== undefined) return TestKeySigningKey.fromPem(existing, path, 'the generated test key');
    const pem = await createKey(path, await generateRsaPrivateKeyPem());
    return TestKeySigningKey.fromPem(pem, path, 'the generated test key');
  }

  /** `what` names the setting or file in the StartupError of a key that cannot sign RS256 tokens. */
  static fromPem(pem: string, path: string, what: string): TestKeySigningKey {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch (error) {
      throw new StartupError(`${what}: ${path} is not a PEM private key (${(error as Error).message})`, EXIT_CODES.config);
    }
    const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    // jsonwebtoken refuses to sign RS256 with a shorter key; better said at start than per request.
    if (privateKey.asymmetricKeyType !== 'rsa' || bits < 2048) {
      throw new StartupError(`${what}: ${path} must hold an RSA key of at least 2048 bits (tokens are signed RS256)`, EXIT_CODES.config);
    }
    const publicKey = createPublicKey(privateKey);
    return new TestKeySigningKey(privateKey, publicKey, thumbprintOf(publicKey), path);
  }
}

/** The generated key's text, or undefined before it exists; an unreadable file stops the start. */
async function generatedKeyIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readIfPresent(path);
  } catch (error) {
    throw new StartupError(`cannot read the test key ${path} (${(error as Error).message})`, EXIT_CODES.data);
  }
}

/**
 * Another gateway starting on the same data dir never reads a half-written key, and when two race,
 * the first one's key wins and the other uses it (see createOnce).
 */
async function createKey(path: string, pem: string): Promise<string> {
  const written = await createOnce(path, pem);
  if (written === pem) new Logger('TestKey').log(`Generated the /testkey signing key ${path}`);
  return written;
}

/** RFC 7638: SHA-256 of the required JWK members in lexicographic order. */
function thumbprintOf(publicKey: KeyObject): string {
  const { e, n } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
}
