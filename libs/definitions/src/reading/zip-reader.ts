import type { Readable } from 'node:stream';
import { fromBufferPromise, getFileNameLowLevel, validateFileName, type Entry, type ZipFile } from 'yauzl';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ArtifactLimits, ProjectFiles } from './project-files.js';
import { isIgnoredEntry, kindOfProjectFile, projectRootPrefix } from './project-layout.js';

class TooLarge extends Error {}

/**
 * Reads an apictl project zip from memory. Only the files the gateway uses are inflated, and
 * inflation stops as soon as the artifact passes its size limit, whatever the entries declare.
 */
export async function readZipProject(data: Buffer, limits: ArtifactLimits, problems: ProblemCollector): Promise<ProjectFiles | undefined> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(data, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    problems.error('artifact.unreadable', `the upload is not a readable zip file: ${(error as Error).message}`);
    return undefined;
  }
  if (zip.entryCount > limits.maxEntries) {
    problems.error('artifact.too-many-entries', `the zip has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted`);
    return undefined;
  }
  const files = new Map<string, Buffer>();
  const kept: string[] = [];
  const budget = { declared: 0, inflated: 0 };
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      const unsafe = validateFileName(name);
      if (unsafe !== null) {
        problems.error('artifact.unsafe-entry', `zip entry "${name}" is refused: ${unsafe}`, name);
        continue;
      }
      if (name.endsWith('/') || isIgnoredEntry(name)) continue;
      budget.declared += entry.uncompressedSize;
      if (budget.declared > limits.maxBytes) throw new TooLarge();
      kept.push(name);
      if (kindOfProjectFile(name) === undefined) continue;
      if (entry.isEncrypted() || !entry.canDecodeFileData()) {
        problems.error('artifact.unreadable', `zip entry "${name}" is encrypted or uses an unsupported compression method`, name);
        continue;
      }
      files.set(name, await inflate(zip, entry, budget, limits.maxBytes));
    }
  } catch (error) {
    if (error instanceof TooLarge) {
      problems.error('artifact.too-large', `the project expands to more than ${limits.maxBytes} bytes, the limit for uploads`);
    } else {
      problems.error('artifact.unreadable', `the zip file is corrupt: ${(error as Error).message}`);
    }
    return undefined;
  }
  const prefix = projectRootPrefix(kept);
  return new Map([...files].map(([name, content]) => [name.slice(prefix.length), content]));
}

function entryName(entry: Entry): string {
  // decodeStrings is off so that unsafe names reach us as problems instead of aborting the read.
  return getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

async function inflate(zip: ZipFile, entry: Entry, budget: { inflated: number }, maxBytes: number): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.inflated += chunk.length;
      if (budget.inflated > maxBytes) throw new TooLarge();
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}
