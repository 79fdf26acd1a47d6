import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Files the gateway keeps in its data directory, its generated keys above all (test-key and
 * backend JWT signing keys): directory 0700, files 0600, never seen half-written. Each text is
 * written and synced under a temporary name first, then moved or linked into place.
 */

/** Replaces `path` with `text` (temporary file + rename). */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = await writeTemporary(path, text);
  try {
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Writes `text` to `path` unless the file exists, and returns what the file then holds: when two
 * gateways sharing a data dir race, the first hard link wins and the other reads its key.
 */
export async function createOnce(path: string, text: string): Promise<string> {
  const temp = await writeTemporary(path, text);
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return readFile(path, 'utf8');
    if (!NO_HARD_LINKS.includes(code)) throw error;
    // No hard links on this file system: an exclusive create still lets only one writer in.
    try {
      await writeFile(path, text, { flag: 'wx', mode: 0o600 });
    } catch (exclusive) {
      if ((exclusive as NodeJS.ErrnoException).code === 'EEXIST') return readFile(path, 'utf8');
      throw exclusive;
    }
  } finally {
    await rm(temp, { force: true });
  }
  return text;
}

/** The file's text; undefined when it does not exist. Other errors are thrown. */
export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV'];

async function writeTemporary(path: string, text: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}
