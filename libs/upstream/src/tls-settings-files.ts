import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EXIT_CODES, StartupError } from '#core';
import { type GatewaySettings, resolveSettingsPath } from '#settings';

/** A client certificate chain and its private key, both PEM, checked to belong together. */
export interface ClientKeyMaterial {
  readonly cert: string;
  readonly key: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The PEM certificates of a file named by a setting, read once at start. Every problem stops the
 * start with one line naming the setting and the file: an operator must fix it, and a gateway
 * that started anyway would fail every TLS backend later, far from the cause.
 */
export function readCertificateFile(settings: GatewaySettings, setting: string, file: string): string[] {
  const path = resolveSettingsPath(settings, file);
  const blocks = readSettingsFile(path, setting).match(PEM_CERTIFICATE);
  if (!blocks) throw configError(`${setting}: ${path} holds no PEM certificate`);
  try {
    return blocks.map((block) => new X509Certificate(block).toString());
  } catch (error) {
    throw configError(`${setting}: ${path} holds a PEM certificate that does not parse (${(error as Error).message})`);
  }
}

/** A certificate file and a key file named by two settings; the key must be the certificate's. */
export function readClientKeyPair(
  settings: GatewaySettings,
  certificate: { readonly setting: string; readonly file: string },
  key: { readonly setting: string; readonly file: string },
): ClientKeyMaterial {
  const chain = readCertificateFile(settings, certificate.setting, certificate.file);
  const keyPath = resolveSettingsPath(settings, key.file);
  const keyText = readSettingsFile(keyPath, key.setting);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(keyText);
  } catch (error) {
    throw configError(`${key.setting}: ${keyPath} is not a PEM private key (${(error as Error).message})`);
  }
  if (!new X509Certificate(chain[0]).checkPrivateKey(privateKey)) {
    const certPath = resolveSettingsPath(settings, certificate.file);
    throw configError(`${key.setting}: the key in ${keyPath} does not belong to the certificate in ${certPath} (${certificate.setting})`);
  }
  return { cert: chain.join('\n'), key: keyText };
}

function readSettingsFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw configError(`${setting}: cannot read ${path} (${code})`);
  }
}

function configError(message: string): StartupError {
  return new StartupError(message, EXIT_CODES.config);
}
