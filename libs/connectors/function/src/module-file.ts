import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, sep } from 'node:path';
import type { Problem } from '#core';
import { FUNCTION_PROBLEMS } from './function-errors.js';

/** A handler module's file as found at deploy time; `version` changes whenever the file does. */
export interface ModuleFile {
  /** The real path (symbolic links resolved). */
  readonly path: string;
  /** `<mtime>-<size>`: a redeploy reimports the module only when this changed. */
  readonly version: string;
}

export type LocatedModule = { readonly file: ModuleFile } | { readonly problem: Omit<Problem, 'location'> };

const EXTENSIONS = new Set(['.mjs', '.js']);

/**
 * Finds `module` inside `directory`, refusing anything that would run code from elsewhere: an
 * absolute path, a `..` segment, or a symbolic link whose target is outside the directory.
 * Messages name the module as written, never the server's directories.
 */
export async function locateModule(directory: string, module: string): Promise<LocatedModule> {
  const invalid = (why: string): LocatedModule => ({ problem: { code: FUNCTION_PROBLEMS.modulePathInvalid, message: `function module ${module} ${why}` } });
  if (isAbsolute(module) || /^[a-zA-Z]:/.test(module) || module.startsWith('\\')) return invalid('must be a path inside the function directory, not an absolute path');
  if (module.split(/[\\/]/).includes('..')) return invalid('must be a path inside the function directory, without ..');
  if (!EXTENSIONS.has(extname(module))) return invalid('must be a .mjs or .js file');
  const notFound = (why: string): LocatedModule => ({ problem: { code: FUNCTION_PROBLEMS.moduleNotFound, message: `function module ${module} ${why}` } });
  let root: string;
  try {
    root = await realpath(directory);
  } catch {
    return notFound('cannot be found: the function directory does not exist');
  }
  let path: string;
  try {
    path = await realpath(join(root, module));
  } catch {
    return notFound('was not found in the function directory');
  }
  if (!path.startsWith(root + sep)) return invalid('leads out of the function directory (a symbolic link)');
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isFile() !== true) return notFound('is not a file');
  return { file: { path, version: `${stats.mtimeMs}-${stats.size}` } };
}
