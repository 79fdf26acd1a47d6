import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';

/** Files of an apictl project: path inside the project → content. */
export type ProjectFiles = Readonly<Record<string, string | Buffer>>;

/** Content of a zip entry; an iterable is streamed into the zip, never held whole (zip bombs). */
export type ZipEntryContent = string | Buffer | Iterable<Buffer>;

/** Zips entries in memory under the paths given, as apictl and yazl do. */
export function zipOf(entries: Readonly<Record<string, ZipEntryContent>>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [path, content] of Object.entries(entries)) {
    if (typeof content === 'string') zip.addBuffer(Buffer.from(content), path);
    else if (Buffer.isBuffer(content)) zip.addBuffer(content, path);
    else zip.addReadStream(Readable.from(content), path);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Zips a project the way apictl does: every file under one top-level folder. */
export function zipProject(name: string, files: ProjectFiles): Promise<Buffer> {
  return zipOf(Object.fromEntries(Object.entries(files).map(([path, content]) => [`${name}/${path}`, content])));
}

/** Rewrites the uncompressed size the central directory declares for `name`, as a forged zip (or a zip bomb) would. */
export function understateZipEntry(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf('PK\x01\x02'); at >= 0; at = out.indexOf('PK\x01\x02', at + 4)) {
    const length = out.readUInt16LE(at + 28);
    if (out.toString('latin1', at + 46, at + 46 + length) === name) out.writeUInt32LE(size, at + 24);
  }
  return out;
}

/** Reads a project folder from disk into ProjectFiles. */
export function readProject(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split('\\').join('/')] = readFileSync(full);
    }
  };
  walk(dir);
  return out;
}

/** `bytes` of valid, highly compressible OpenAPI YAML, made a MiB at a time (never held whole): the inside of a zip bomb. */
export function* compressibleDefinition(bytes: number, title = 'Bomb'): Generator<Buffer> {
  yield Buffer.from(`openapi: 3.0.0\ninfo: { title: ${title}, version: v1 }\npaths: {}\nx-filler:\n`);
  const line = '  - all work and no play makes a dull definition\n';
  const chunk = Buffer.from(line.repeat(Math.floor((1024 * 1024) / line.length)));
  for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
}
