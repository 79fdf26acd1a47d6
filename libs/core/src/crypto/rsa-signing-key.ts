import { generateKeyPair } from 'node:crypto';

/** A new RSA-2048 private key as PKCS#8 PEM, for the gateway's own RS256 tokens (admin, /testkey). */
export function generateRsaPrivateKeyPem(): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)),
    ),
  );
}
