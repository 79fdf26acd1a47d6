import { posix } from 'node:path';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import type { Problem } from '#core';

export interface WsdlZipLimits {
  /** Largest `.wsdl`/`.xsd` file (definitions.maxDocumentBytes). */
  readonly maxFileBytes: number;
  /** What the WSDL and schema files may inflate to together (definitions.maxProjectBytes). */
  readonly maxBytes: number;
  readonly maxEntries: number;
}

/** The `.wsdl` and `.xsd` files of a project by their path from the project root. */
export type WsdlProjectFiles = Readonly<Record<string, string>>;

/**
 * Reads the WSDL and XSD documents of a project zip (an apictl project or a plain zip of WSDL
 * files), for the OpenAPI generation: the only files it inflates, each checked against its limit
 * while it inflates (a zip can lie about sizes). Like apictl, a single top folder around every
 * entry is not part of the paths. Problems are those of a deploy (`artifact.*`, `document.too-large`).
 */
export async function readWsdlProjectZip(data: Buffer, limits: WsdlZipLimits): Promise<{ files: WsdlProjectFiles } | { problems: Problem[] }> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    return refused('artifact.unreadable', `the body is not a readable zip file: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) return refused('artifact.too-many-entries', `the zip has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted`);
    const names: string[] = [];
    const files = new Map<string, string>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/') || name.split('/').some((segment) => segment.startsWith('.') || segment === '__MACOSX')) continue;
      names.push(name);
      if (!name.endsWith('.wsdl') && !name.endsWith('.xsd')) continue;
      if (entry.isEncrypted() || !entry.canDecodeFileData()) return refused('artifact.unreadable', `zip entry "${name}" is encrypted or uses an unsupported compression method`);
      const text = await inflate(zip, entry, Math.min(limits.maxFileBytes, limits.maxBytes - total));
      if (text === undefined) {
        return total + limits.maxFileBytes > limits.maxBytes
          ? refused('artifact.too-large', `the WSDL and schema files expand to more than ${limits.maxBytes} bytes (definitions.maxProjectBytes)`)
          : refused('document.too-large', `zip entry "${name}" is larger than ${limits.maxFileBytes} bytes (definitions.maxDocumentBytes)`);
      }
      total += text.length;
      files.set(name, text.toString('utf8'));
    }
    const prefix = topFolder(names);
    return { files: Object.fromEntries([...files].map(([name, text]) => [posix.normalize(name.slice(prefix.length)), text])) };
  } catch (error) {
    return refused('artifact.unreadable', `the zip file is corrupt: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function inflate(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer | undefined> {
  if (entry.uncompressedSize > maxBytes) return undefined;
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > maxBytes) return undefined;
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length);
}

function topFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/')[0];
  return first !== undefined && paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? `${first}/` : '';
}

function refused(code: Problem['code'], message: string): { problems: Problem[] } {
  return { problems: [{ code, message }] };
}
