import { copyFile, link, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Suffix of files being written; leftovers with it are removed at boot. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` with `data` so that a crash leaves either the old or the new content:
 * write a temp file, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileDurably(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temp = path + TEMP_SUFFIX;
  // A leftover temp file would keep its old mode: start from a fresh one.
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Replaces `copy` with the current content of `path`, a file that is itself only ever replaced
 * by `writeFileDurably` (renamed over, never rewritten in place): so a hard link is a copy that
 * costs no data write, and a crash leaves `copy` old or new, never partial. Filesystems without
 * hard links get a synced byte copy. The rename is durable with the next sync of the directory.
 * Returns false, changing nothing, when `path` does not exist.
 */
export async function keepCopy(path: string, copy: string): Promise<boolean> {
  const temp = copy + TEMP_SUFFIX;
  await rm(temp, { force: true });
  try {
    await link(path, temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK' && code !== 'EXDEV') throw error;
    await copyFile(path, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  await rename(temp, copy);
  return true;
}

/** Makes a rename in `dir` durable; skipped where the platform cannot fsync a directory. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
