import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { generateRsaPrivateKeyPem } from '#core';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import { writeFileDurably } from '../store/durable-write.js';

/**
 * The RSA key pair signing admin tokens: `admin.tokenKeyFile` when set, else a key generated
 * once into `<dataDir>/keys/admin-token.key` (mode 0600) and reused, so tokens survive restarts.
 */
export class AdminTokenKey {
  private constructor(
    readonly privateKeyPem: string,
    readonly publicKeyPem: string,
    /** Where the key was read from or written to. */
    readonly path: string,
  ) {}

  static async load(settings: GatewaySettings): Promise<AdminTokenKey> {
    if (settings.admin.tokenKeyFile !== undefined) {
      const path = resolveSettingsPath(settings, settings.admin.tokenKeyFile);
      return AdminTokenKey.fromPem(await readFile(path, 'utf8'), path);
    }
    const path = join(resolveSettingsPath(settings, settings.dataDir), 'keys', 'admin-token.key');
    try {
      return AdminTokenKey.fromPem(await readFile(path, 'utf8'), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const pem = await generateRsaPrivateKeyPem();
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileDurably(path, pem, 0o600);
    new Logger(AdminTokenKey.name).log(`Generated the admin token signing key ${path}`);
    return AdminTokenKey.fromPem(pem, path);
  }

  static fromPem(pem: string, path: string): AdminTokenKey {
    let key;
    try {
      key = createPrivateKey(pem);
    } catch (error) {
      throw new Error(`${path}: not a PEM private key (${(error as Error).message})`, { cause: error });
    }
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`${path}: admin tokens are signed with RS256, which needs an RSA key`);
    const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
    return new AdminTokenKey(key.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem, path);
  }
}

