import { pathToFileURL } from 'node:url';
import type { ModuleFile } from './module-file.js';

/** A handler module's exports, as imported at deploy time. */
export type ModuleExports = Readonly<Record<string, unknown>>;

export interface LoadedModule {
  readonly file: ModuleFile;
  readonly exports: ModuleExports;
}

export type ModuleImport = { readonly module: LoadedModule } | { readonly error: string };

/**
 * Imports handler modules, once per version of their file. Node keeps every module it imported
 * for the life of the process, so a new version is imported under a new URL (`?v=<mtime>-<size>`)
 * and the old one stays in memory: each edit of a handler costs its module's memory until the
 * gateway restarts. Modules the handler itself imports are Node's to cache: they are not reloaded,
 * and a failed import fails the same way until the module's own file changes (Node caches the
 * failure too): after fixing a file it imports, touch the handler module.
 */
export class HandlerModules {
  /** The latest version imported of each file (by real path); concurrent deploys share the import. */
  private readonly imported = new Map<string, { readonly version: string; readonly loading: Promise<ModuleImport> }>();

  load(file: ModuleFile): Promise<ModuleImport> {
    const known = this.imported.get(file.path);
    if (known?.version === file.version) return known.loading;
    const loading = importModule(file);
    this.imported.set(file.path, { version: file.version, loading });
    return loading;
  }
}

async function importModule(file: ModuleFile): Promise<ModuleImport> {
  // Node resolves an absolute URL path as it does a file: URL (the pathname keeps its escaping);
  // Jest's loader, which the tests run under, would drop the query of a file: URL.
  const specifier = `${pathToFileURL(file.path).pathname}?v=${file.version}`;
  try {
    const exports = (await import(specifier)) as ModuleExports;
    return { module: { file, exports } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
