import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from './project-files.js';
import { isIgnoredEntry, kindOfProjectFile, projectRootPrefix } from './project-layout.js';

/**
 * Reads the files the gateway uses from a project folder on disk (symbolic links are not
 * followed); a file over `maxFileBytes` (definitions.maxDocumentBytes) is refused unread.
 */
export async function readFolderProject(root: string, maxFileBytes: number, problems: ProblemCollector): Promise<ProjectFiles | undefined> {
  let paths: string[];
  try {
    paths = await listFiles(root, '');
  } catch (error) {
    problems.error('artifact.unreadable', `cannot read the project folder ${root}: ${(error as Error).message}`, root);
    return undefined;
  }
  const prefix = projectRootPrefix(paths);
  const files = new Map<string, Buffer>();
  for (const path of paths) {
    if (kindOfProjectFile(path) === undefined) continue;
    try {
      const { size } = await stat(join(root, path));
      if (size > maxFileBytes) {
        problems.error('document.too-large', `${path}: the file is ${size} bytes; at most ${maxFileBytes} are accepted (definitions.maxDocumentBytes)`, path);
        continue;
      }
      files.set(path.slice(prefix.length), await readFile(join(root, path)));
    } catch (error) {
      problems.error('artifact.unreadable', `cannot read ${path}: ${(error as Error).message}`, path);
    }
  }
  return files;
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (isIgnoredEntry(path)) continue;
    if (entry.isDirectory()) found.push(...(await listFiles(root, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
