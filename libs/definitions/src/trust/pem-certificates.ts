import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM file, each re-encoded as PEM; undefined when the file holds no
 * certificate or one that does not parse.
 */
export function parsePemCertificates(content: Buffer): string[] | undefined {
  const blocks = content.toString('utf8').match(PEM_BLOCK);
  if (!blocks) return undefined;
  try {
    return blocks.map((block) => new X509Certificate(block).toString());
  } catch {
    return undefined;
  }
}
