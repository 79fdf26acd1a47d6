import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** One project of a folder: a project folder or a project zip. */
export interface ProjectEntry {
  readonly path: string;
  readonly format: 'folder' | 'zip';
}

/**
 * The projects in a folder as the gateway deploys `apisDir`: its folders and `.zip` files, hidden
 * entries skipped, in name order. (`npm run portico -- validate` reads folders the same way.)
 */
export async function projectsIn(dir: string): Promise<ProjectEntry[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e): ProjectEntry[] => {
      if (e.isDirectory()) return [{ path: join(dir, e.name), format: 'folder' }];
      if (e.isFile() && e.name.toLowerCase().endsWith('.zip')) return [{ path: join(dir, e.name), format: 'zip' }];
      return [];
    });
}
