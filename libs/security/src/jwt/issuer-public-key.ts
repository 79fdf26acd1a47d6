import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EXIT_CODES, StartupError } from '#core';

/** Key types whose signatures access tokens may carry (RS*, PS*, ES*). */
export function isTokenSigningKey(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss' || key.asymmetricKeyType === 'ec';
}

/**
 * Reads an issuer's verification key at start: a PEM certificate or a PEM public key. Every
 * problem stops the start with a message naming the setting (`settingKey`) and the file.
 */
export function readIssuerPublicKey(path: string, settingKey: string): KeyObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new StartupError(`${settingKey}: cannot read ${path}: ${code}`, EXIT_CODES.config);
  }
  const key = publicKeyOf(text, path, settingKey);
  if (!isTokenSigningKey(key)) {
    throw new StartupError(`${settingKey}: ${path} holds a ${key.asymmetricKeyType} key; tokens are verified with RSA or EC keys`, EXIT_CODES.config);
  }
  return key;
}

/** The key of a PEM certificate or PEM public key; a private key or anything else is refused. */
export function publicKeyOfPem(pem: string): KeyObject {
  if (pem.includes('-----BEGIN CERTIFICATE-----')) return new X509Certificate(pem).publicKey;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new Error('a private key was given where a certificate or public key belongs');
  if (!/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(pem)) throw new Error('no PEM certificate or public key found');
  return createPublicKey(pem);
}

function publicKeyOf(text: string, path: string, settingKey: string): KeyObject {
  try {
    return publicKeyOfPem(text);
  } catch (error) {
    throw new StartupError(`${settingKey}: ${path} is not a PEM certificate or public key (${(error as Error).message})`, EXIT_CODES.config);
  }
}
