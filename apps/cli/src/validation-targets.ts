import { readdir, stat } from 'node:fs/promises';
import { projectsIn } from '#admin';

/** One artifact to validate: a project folder, a project zip or a single definition document. */
export interface ValidationTarget {
  readonly path: string;
  readonly kind: 'folder' | 'zip' | 'document';
}

/**
 * What a command-line path names: a zip, a definition file, a project folder (it has api.yaml,
 * api.json or Definitions/), or else a folder of projects read as the gateway reads `apisDir`.
 */
export async function targetsAt(path: string): Promise<ValidationTarget[]> {
  const info = await stat(path);
  if (info.isFile()) return [{ path, kind: path.toLowerCase().endsWith('.zip') ? 'zip' : 'document' }];
  if (await isProjectFolder(path)) return [{ path, kind: 'folder' }];
  return (await projectsIn(path)).map((entry) => ({ path: entry.path, kind: entry.format }));
}

async function isProjectFolder(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.some((n) => n === 'api.yaml' || n === 'api.json' || n === 'Definitions');
}
