import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';

/**
 * Where the dashboard's files are: `libs/admin/ui-assets/`, found relative to this module so it
 * is the same from the sources and from `dist/` (the build copies the folder there). An
 * application may provide another folder under this token (from a global module).
 */
export const DASHBOARD_ASSETS_DIR = Symbol('portico.DashboardAssetsDir');
export const DEFAULT_DASHBOARD_ASSETS_DIR = fileURLToPath(new URL('../../ui-assets/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
/** A flat folder of plain names: nothing a request names can lead out of it. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface DashboardAsset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly html: boolean;
  readonly etag: string;
}

/**
 * The dashboard's files, read once at start into memory: a request can only ever get one of
 * the names found then (a lookup by name, never a path built from the request). Files of other
 * types and sub-folders are not served.
 */
export class DashboardAssets {
  private readonly files = new Map<string, DashboardAsset>();

  /** `dir` undefined: a process that serves no admin API (a worker, `admin.enabled: false`) reads nothing. */
  constructor(readonly dir: string | undefined) {
    if (dir === undefined) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      // Node's errors may come from another realm (a test runner's): read the code without instanceof.
      const reason = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
      new Logger('Dashboard').warn(`Dashboard files not found in ${dir} (${reason}): /ui answers 404; a build copies them with scripts/copy-ui-assets.mjs`);
      return;
    }
    for (const name of names) {
      const contentType = CONTENT_TYPES[extname(name).toLowerCase()];
      const path = join(dir, name);
      if (contentType === undefined || !ASSET_NAME.test(name) || !statSync(path).isFile()) continue;
      const body = readFileSync(path);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      this.files.set(name, { body, contentType, html: contentType.startsWith('text/html'), etag });
    }
  }

  get(name: string): DashboardAsset | undefined {
    return this.files.get(name);
  }

  get names(): readonly string[] {
    return [...this.files.keys()];
  }
}
