import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { TlsCredentials } from '#core';
import { type GatewaySettings, type ListenerTlsSettings, resolveSettingsPath } from '#settings';
import { issueCertificate } from './certificate-issuer.js';

const logger = new Logger('Tls');

/**
 * A listener's certificate: the configured files, else the development certificate generated
 * once into `<dataDir>/tls/` (and reused), with a warning: it is self-signed.
 */
export async function listenerCredentials(settings: GatewaySettings, tls: ListenerTlsSettings, listener: string): Promise<TlsCredentials> {
  if (tls.certFile !== undefined || tls.keyFile !== undefined) {
    if (tls.certFile === undefined || tls.keyFile === undefined) {
      throw new Error(`${listener}.tls: give both certFile and keyFile`);
    }
    const [cert, key] = await Promise.all([
      readFile(resolveSettingsPath(settings, tls.certFile), 'utf8'),
      readFile(resolveSettingsPath(settings, tls.keyFile), 'utf8'),
    ]);
    return { cert, key, generated: false };
  }
  const dir = join(resolveSettingsPath(settings, settings.dataDir), 'tls');
  const certFile = join(dir, 'development-cert.pem');
  const keyFile = join(dir, 'development-key.pem');
  try {
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    logger.warn(`${listener}: using the self-signed development certificate ${certFile}; configure ${listener}.tls for production`);
    return { cert, key, generated: true };
  } catch {
    const issued = await issueCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1', '::1'] });
    await mkdir(dir, { recursive: true });
    await writeFile(keyFile, issued.key, { mode: 0o600 });
    await chmod(keyFile, 0o600);
    await writeFile(certFile, issued.cert);
    logger.warn(`${listener}: generated a self-signed development certificate ${certFile}; configure ${listener}.tls for production`);
    return { cert: issued.cert, key: issued.key, generated: true };
  }
}
