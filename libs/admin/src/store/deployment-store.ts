import { createHash } from 'node:crypto';
import { access, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import type { PersistedRecord, StoredArtifactRef } from '../deploy/deployment-record.js';
import { TEMP_SUFFIX, writeFileDurably } from './durable-write.js';
import { parseState, serializeState } from './persisted-state.js';

export type ArtifactDescription = Omit<StoredArtifactRef, 'sha256'>;

/**
 * Admin deployments on disk, under `<dataDir>/deployments/`: content-addressed artifacts in
 * `artifacts/<sha256>.<zip|yaml|json>` and the record list in `state.json`. Every write is
 * durable before it returns, so an acknowledged deploy survives a crash.
 */
@Injectable()
export class DeploymentStore {
  private readonly logger = new Logger(DeploymentStore.name);
  readonly root: string;
  readonly artifactsDir: string;
  readonly statePath: string;

  constructor(settings: GatewaySettings) {
    this.root = join(resolveSettingsPath(settings, settings.dataDir), 'deployments');
    this.artifactsDir = join(this.root, 'artifacts');
    this.statePath = join(this.root, 'state.json');
  }

  /**
   * Boot recovery: removes files a crash left half-written, reads `state.json` (a file that
   * cannot be read is set aside as `state.json.corrupt-<time>`, never deleted) and deletes
   * the artifacts no record refers to. Returns the persisted records.
   */
  async open(): Promise<PersistedRecord[]> {
    await mkdir(this.artifactsDir, { recursive: true });
    await this.removeTempFiles(this.root);
    await this.removeTempFiles(this.artifactsDir);
    const records = await this.readState();
    await this.removeUnreferenced(records);
    return records;
  }

  /** The reference the bytes will be stored under (their SHA-256); writes nothing. */
  refFor(bytes: Uint8Array, description: ArtifactDescription): StoredArtifactRef {
    return { ...description, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Stores the bytes under `ref` (nothing is written when they are already there). */
  async saveArtifact(bytes: Uint8Array, ref: StoredArtifactRef): Promise<void> {
    const path = this.artifactPath(ref);
    await mkdir(this.artifactsDir, { recursive: true });
    if (!(await exists(path))) await writeFileDurably(path, bytes);
  }

  async readArtifact(ref: StoredArtifactRef): Promise<Buffer> {
    return readFile(this.artifactPath(ref));
  }

  /** Replaces `state.json`; returns once the new content is durable. */
  async writeState(records: readonly PersistedRecord[]): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFileDurably(this.statePath, serializeState(records));
  }

  /** Deletes artifacts none of `records` refers to (after an undeploy or a replacement). */
  async removeUnreferenced(records: readonly PersistedRecord[]): Promise<void> {
    const referenced = new Set(records.map((r) => artifactFileName(r.artifact)));
    let names: string[];
    try {
      names = await readdir(this.artifactsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const orphans = names.filter((n) => !referenced.has(n));
    await Promise.all(orphans.map((n) => rm(join(this.artifactsDir, n), { force: true, recursive: true })));
    if (orphans.length > 0) this.logger.debug(`Removed ${orphans.length} unreferenced artifact(s)`);
  }

  private artifactPath(ref: StoredArtifactRef): string {
    return join(this.artifactsDir, artifactFileName(ref));
  }

  private async readState(): Promise<PersistedRecord[]> {
    let text: string;
    try {
      text = await readFile(this.statePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      return parseState(text);
    } catch (error) {
      const kept = `${this.statePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.statePath, kept);
      this.logger.error(
        `${this.statePath} cannot be read (${(error as Error).message}); starting without persisted deployments. ` +
          `The file was kept as ${kept}`,
      );
      return [];
    }
  }

  private async removeTempFiles(dir: string): Promise<void> {
    const names = await readdir(dir);
    const leftovers = names.filter((n) => n.endsWith(TEMP_SUFFIX));
    await Promise.all(leftovers.map((n) => rm(join(dir, n), { force: true, recursive: true })));
    if (leftovers.length > 0) this.logger.warn(`Removed ${leftovers.length} file(s) left half-written in ${dir}`);
  }
}

export function artifactFileName(ref: StoredArtifactRef): string {
  return `${ref.sha256}.${ref.format}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
