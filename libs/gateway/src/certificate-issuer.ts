import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

// Node's webcrypto is the Web Crypto API x509 expects; their type declarations differ only in names.
x509.cryptoProvider.set(webcrypto as never);

const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
  /** Kept so this certificate can sign others (a test CA). */
  readonly keys: CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
}

export interface CertificateRequest {
  readonly commonName: string;
  /** DNS names and IP addresses for the subjectAltName. */
  readonly altNames?: readonly string[];
  readonly days?: number;
  /** Makes a CA certificate. */
  readonly ca?: boolean;
  /** Signs with this issuer instead of self-signing. */
  readonly issuer?: IssuedCertificate;
}

/** Issues X.509 certificates in pure JavaScript (WebCrypto): the development listener certificate, test CAs. */
export async function issueCertificate(request: CertificateRequest): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + (request.days ?? 825) * 86_400_000);
  const name = `CN=${request.commonName}`;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(request.ca === true, undefined, true),
    new x509.KeyUsagesExtension(
      request.ca === true
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (request.ca !== true) extensions.push(new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
  if (request.altNames !== undefined && request.altNames.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        request.altNames.map((value) => ({ type: isIP(value) === 0 ? ('dns' as const) : ('ip' as const), value })),
      ),
    );
  }
  const serialNumber = Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex');
  const certificate =
    request.issuer === undefined
      ? await x509.X509CertificateGenerator.createSelfSigned({ serialNumber, name, notBefore, notAfter, keys, signingAlgorithm: ALGORITHM, extensions })
      : await x509.X509CertificateGenerator.create({
          serialNumber,
          subject: name,
          issuer: request.issuer.certificate.subject,
          notBefore,
          notAfter,
          publicKey: keys.publicKey,
          signingKey: request.issuer.keys.privateKey,
          signingAlgorithm: ALGORITHM,
          extensions,
        });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { cert: certificate.toString('pem') + '\n', key, keys, certificate };
}
