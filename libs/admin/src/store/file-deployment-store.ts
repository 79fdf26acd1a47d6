import { createHash } from 'node:crypto';
import { access, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import type { PersistedRecord, StoredArtifactRef } from '../deploy/deployment-record.js';
import { keepCopy, TEMP_SUFFIX, writeFileDurably } from './durable-write.js';
import { prepareLines, serializeState } from './persisted-state.js';
import { readStateFile, recoverState } from './state-recovery.js';

export type ArtifactDescription = Omit<StoredArtifactRef, 'sha256'>;

/**
 * Admin deployments on disk, under `<dataDir>/deployments/`: content-addressed artifacts in
 * `artifacts/<sha256>.<zip|yaml|json>` and the record list in `state.json`. Every write is
 * durable before it returns, so an acknowledged deploy survives a crash. Each write first keeps
 * the state it replaces as `state.json.prev` (with its artifacts), the fallback for a
 * `state.json` found damaged at boot.
 */
@Injectable()
export class DeploymentStore {
  private readonly logger = new Logger(DeploymentStore.name);
  readonly root: string;
  readonly artifactsDir: string;
  readonly statePath: string;
  readonly previousStatePath: string;
  /** What state.json holds as far as this store knows (undefined: not read yet). */
  private currentRecords?: readonly PersistedRecord[];
  /** What state.json.prev holds: its artifacts are kept too. */
  private previousRecords: readonly PersistedRecord[] = [];

  constructor(settings: GatewaySettings) {
    this.root = join(resolveSettingsPath(settings, settings.dataDir), 'deployments');
    this.artifactsDir = join(this.root, 'artifacts');
    this.statePath = join(this.root, 'state.json');
    this.previousStatePath = `${this.statePath}.prev`;
  }

  /**
   * Boot recovery: removes files a crash left half-written, reads `state.json` (falling back to
   * `state.json.prev`, loudly, when it is damaged or lost; refusing to start when neither is
   * usable: see state-recovery.ts) and deletes the artifacts neither refers to. Returns the
   * persisted records.
   */
  async open(): Promise<PersistedRecord[]> {
    await mkdir(this.artifactsDir, { recursive: true });
    await this.removeTempFiles(this.root);
    await this.removeTempFiles(this.artifactsDir);
    const recovered = await recoverState(this.statePath, this.previousStatePath, (text) => writeFileDurably(this.statePath, text));
    if (recovered.fallback !== undefined) this.logger.error(recovered.fallback);
    this.currentRecords = recovered.records;
    this.previousRecords = recovered.previousRecords;
    await this.removeUnreferenced(recovered.records);
    return recovered.records;
  }

  /** The reference the bytes will be stored under (their SHA-256); writes nothing. */
  refFor(bytes: Uint8Array, description: ArtifactDescription): StoredArtifactRef {
    return { ...description, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /**
   * The records state.json holds, as the deploy pipeline will write them again (after boot):
   * later writes then tell the records that changed by identity, and unchanged lines are not
   * serialised again.
   */
  adopt(records: readonly PersistedRecord[]): void {
    this.currentRecords = records;
    prepareLines(records);
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

  /**
   * Replaces `state.json`, first keeping the state it replaces as `state.json.prev`; returns
   * once both are durable. At every instant a crash leaves state.json old or new, and
   * state.json.prev a good state one or two writes behind.
   */
  async writeState(records: readonly PersistedRecord[]): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const before = [...(this.currentRecords ?? []), ...this.previousRecords];
    // Unknown (written before open()): kept only when it reads as a good state.
    const replaced = this.currentRecords ?? (await this.readGoodState());
    // Only a good state becomes the fallback: a damaged one must not push the last good one out.
    if (replaced !== undefined && (await keepCopy(this.statePath, this.previousStatePath))) this.previousRecords = replaced;
    await writeFileDurably(this.statePath, serializeState(records));
    this.currentRecords = records;
    await this.removeArtifactsLeftBy(before).catch((error: unknown) => {
      this.logger.warn(`Could not remove unreferenced artifacts: ${(error as Error).message}`);
    });
  }

  /**
   * After a write: deletes the artifacts of records that neither state.json nor state.json.prev
   * holds any more (an undeploy or a replacement two writes ago). Records are compared by
   * identity first, so a deploy among thousands of records looks at the few that changed.
   */
  private async removeArtifactsLeftBy(before: readonly PersistedRecord[]): Promise<void> {
    const kept = [...(this.currentRecords ?? []), ...this.previousRecords];
    const keptSet = new Set(kept);
    const gone = new Set(before.filter((r) => !keptSet.has(r)).map((r) => artifactFileName(r.artifact)));
    if (gone.size === 0) return;
    for (const record of kept) gone.delete(artifactFileName(record.artifact));
    await Promise.all([...gone].map((name) => rm(join(this.artifactsDir, name), { force: true })));
  }

  /**
   * Deletes artifacts none of `records` refers to (at boot, after a crash may have left some),
   * except those of the previous state, which a damaged state.json would fall back to.
   */
  async removeUnreferenced(records: readonly PersistedRecord[]): Promise<void> {
    const referenced = new Set([...records, ...this.previousRecords].map((r) => artifactFileName(r.artifact)));
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

  private async readGoodState(): Promise<readonly PersistedRecord[] | undefined> {
    const found = await readStateFile(this.statePath).catch(() => undefined);
    return found?.status === 'usable' ? found.records : undefined;
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
