import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'portico';
/** From the sources (libs/observability/src/tracing) or the build (dist/libs/…) the root is at most this far up. */
const MAX_LEVELS = 8;

/**
 * The version of the Portico package this code belongs to (`service.version` of the spans),
 * read once at start: the nearest package.json above this file named `portico`, so it works
 * from the sources, the build and an installed package alike. `unknown` if none is found.
 */
export function serviceVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < MAX_LEVELS; level++) {
    const version = versionIn(join(dir, 'package.json'));
    if (version !== undefined) return version;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}

function versionIn(file: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return json.name === PACKAGE_NAME && typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
