import { fromBufferPromise, getFileNameLowLevel, validateFileName, type Entry, type ZipFile } from 'yauzl';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { type ByteStream, readAtMost } from './byte-limited-read.js';
import type { ArtifactLimits, ProjectFiles } from './project-files.js';
import { isIgnoredEntry, kindOfProjectFile, projectRootPrefix } from './project-layout.js';

class TooLarge extends Error {}

/** An entry whose content cannot be taken; reading the zip stops there. */
class EntryRefused extends Error {
  constructor(
    readonly code: 'document.too-large' | 'artifact.unreadable',
    message: string,
    readonly entry: string,
  ) {
    super(message);
  }
}

/**
 * Reads an apictl project zip from memory. Only the files the gateway uses are inflated, each
 * within the limit of one document, and all of them within the limit of the project; a file
 * whose declared size passes its limit is refused before a byte of it is inflated. A zip can lie
 * about sizes, so inflation is also counted: yauzl stops an entry that inflates past the size it
 * declares (validateEntrySizes), and readAtMost stops it at the limit whatever it declares.
 */
export async function readZipProject(data: Buffer, limits: ArtifactLimits, problems: ProblemCollector): Promise<ProjectFiles | undefined> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(data, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
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
      if (entry.uncompressedSize > limits.maxFileBytes) {
        problems.error('document.too-large', `zip entry "${name}" declares ${entry.uncompressedSize} bytes; at most ${limits.maxFileBytes} are accepted for one file (definitions.maxDocumentBytes)`, name);
        continue;
      }
      const content = await inflate(zip, entry, name, limits, budget);
      budget.inflated += content.length;
      files.set(name, content);
    }
  } catch (error) {
    if (error instanceof TooLarge) {
      problems.error('artifact.too-large', `the project expands to more than ${limits.maxBytes} bytes (definitions.maxProjectBytes)`);
    } else if (error instanceof EntryRefused) {
      problems.error(error.code, error.message, error.entry);
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

async function inflate(zip: ZipFile, entry: Entry, name: string, limits: ArtifactLimits, budget: { inflated: number }): Promise<Buffer> {
  const room = limits.maxBytes - budget.inflated;
  const stream = (await zip.openReadStreamPromise(entry)) as unknown as ByteStream;
  let content: Buffer | undefined;
  try {
    content = await readAtMost(stream, Math.min(limits.maxFileBytes, room));
  } catch (error) {
    const lie = /^too many bytes in the stream/.test((error as Error).message);
    const message = lie
      ? `zip entry "${name}" inflates to more than the ${entry.uncompressedSize} bytes it declares: the zip is damaged or forged`
      : `zip entry "${name}" cannot be inflated: ${(error as Error).message}`;
    throw new EntryRefused('artifact.unreadable', message, name);
  }
  if (content !== undefined) return content;
  if (room < limits.maxFileBytes) throw new TooLarge();
  const message = `zip entry "${name}" inflates to more than ${limits.maxFileBytes} bytes; at most ${limits.maxFileBytes} are accepted for one file (definitions.maxDocumentBytes)`;
  throw new EntryRefused('document.too-large', message, name);
}
