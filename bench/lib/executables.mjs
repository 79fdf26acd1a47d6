// Finds optional tools (wrk, nginx) without running a shell.
import fs from 'node:fs';
import path from 'node:path';

/** The first executable named `name` on PATH or in the extra directories, else undefined. */
export function findExecutable(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
