import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';

/** The definition document of a deployment, as it was written. */
export interface DefinitionFile {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Same recognition rule as the project loader (spec §3.1): a path containing `Definitions/swagger.` or `Definitions/asyncapi.`. */
const DEFINITION_ENTRY = /(^|\/)Definitions\/(swagger|asyncapi)\.(ya?ml|json)$/;

export function contentTypeOfDefinition(fileName: string): string {
  return fileName.endsWith('.json') ? 'application/json' : 'application/yaml';
}

export async function definitionFromFolder(dir: string): Promise<DefinitionFile | undefined> {
  let names: string[];
  try {
    names = await readdir(join(dir, 'Definitions'));
  } catch {
    return undefined;
  }
  const name = names.sort().find((n) => DEFINITION_ENTRY.test(`Definitions/${n}`));
  if (!name) return undefined;
  return { contentType: contentTypeOfDefinition(name), body: await readFile(join(dir, 'Definitions', name)) };
}

/** Reads the definition entry of a project zip; undefined when it has none. */
export async function definitionFromZip(zipBytes: Buffer, maxBytes: number): Promise<DefinitionFile | undefined> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zipBytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  try {
    const entry = await findEntry(zip);
    if (!entry) return undefined;
    if (entry.uncompressedSize > maxBytes) throw new Error(`${entry.fileName} is larger than ${maxBytes} bytes`);
    return { contentType: contentTypeOfDefinition(entry.fileName), body: await readEntry(zip, entry) };
  } finally {
    zip.close();
  }
}

function findEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry): void => {
      if (DEFINITION_ENTRY.test(entry.fileName)) {
        cleanup();
        resolve(entry);
      } else {
        zip.readEntry();
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
