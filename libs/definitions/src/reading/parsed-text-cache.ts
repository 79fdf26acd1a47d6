import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonObject } from '../json/json-value.js';
import { decodeParsedData, encodeParsedData } from './parsed-text-encoding.js';

/**
 * Bump whenever parsing (yaml-document.ts, plain-data.ts) changes what a text parses to: entries
 * written by another format are never read.
 */
const FORMAT = 'v1';

/** Parsed definition texts by content, so that a restart does not parse every deployment again. */
export interface ParsedTextCache {
  get(text: string, variant: string): JsonObject | undefined;
  set(text: string, variant: string, data: JsonObject): void;
}

/**
 * The cache on disk: `<dir>/<sha256>.json`, one file per parsed text. Parsing YAML costs about
 * 3 ms per definition; reading this back costs a tenth of that, which is what keeps a boot with
 * thousands of persisted APIs short. It is only a cache: a file that is missing, damaged or of
 * another format is a miss, and a failed write is ignored. Entries not used since the process
 * started are deleted once they outnumber the used ones.
 */
export class ParsedTextFileCache implements ParsedTextCache {
  private readonly dir: string;
  private readonly used = new Set<string>();
  private files: number;

  constructor(root: string) {
    this.dir = join(root, FORMAT);
    mkdirSync(this.dir, { recursive: true });
    this.files = readdirSync(this.dir).length;
  }

  get(text: string, variant: string): JsonObject | undefined {
    const name = this.nameOf(text, variant);
    try {
      const data = decodeParsedData(readFileSync(join(this.dir, name), 'utf8'));
      if (data !== undefined) this.used.add(name);
      return data;
    } catch {
      return undefined;
    }
  }

  set(text: string, variant: string, data: JsonObject): void {
    const encoded = encodeParsedData(data);
    if (encoded === undefined) return;
    const name = this.nameOf(text, variant);
    this.used.add(name);
    this.files++;
    const path = join(this.dir, name);
    const temp = `${path}.${process.pid}.tmp`;
    void writeFile(temp, encoded)
      .then(() => rename(temp, path))
      .catch(() => rm(temp, { force: true }))
      .then(() => this.pruneWhenLarge());
  }

  private nameOf(text: string, variant: string): string {
    return createHash('sha256').update(variant).update('\u0000').update(text).digest('hex') + '.json';
  }

  private async pruneWhenLarge(): Promise<void> {
    if (this.files <= 2 * this.used.size + 256) return;
    const names = readdirSync(this.dir);
    const unused = names.filter((n) => !this.used.has(n));
    this.files = names.length - unused.length;
    await Promise.all(unused.map((n) => rm(join(this.dir, n), { force: true })));
  }
}
