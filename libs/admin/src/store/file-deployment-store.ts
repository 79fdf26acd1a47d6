import { access, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import type { PersistedRecord, StoredArtifactRef } from '../deploy/deployment-record.js';
import { artifactFileName, DeploymentStore, StaleStateError, type StoreStatus, StoreUnavailableError } from './deployment-store.js';
import { keepCopy, TEMP_SUFFIX, writeFileDurably } from './durable-write.js';
import { prepareLines, serializeState, type StoredState } from './persisted-state.js';
import { readStateFile, recoverState } from './state-recovery.js';

export interface FileStoreOptions {
  /** A worker process reads what the primary writes: no recovery, no writes, no clean-up. */
  readonly readOnly?: boolean;
}

/**
 * Admin deployments on disk, under `<dataDir>/deployments/`: content-addressed artifacts in
 * `artifacts/<sha256>.<zip|yaml|json>` and the record list with its revision in `state.json`.
 * Every write is durable before it returns, so an acknowledged deploy survives a crash. Each
 * write first keeps the state it replaces as `state.json.prev` (with its artifacts), the fallback
 * for a `state.json` found damaged at boot. One process writes (the only process, or the primary
 * of workers, which read it); the Redis store keeps its local copy in one too.
 */
@Injectable()
export class FileDeploymentStore extends DeploymentStore {
  readonly type = 'file';
  private readonly logger = new Logger('DeploymentStore');
  private readonly readOnly: boolean;
  readonly root: string;
  readonly artifactsDir: string;
  readonly statePath: string;
  readonly previousStatePath: string;
  /** What state.json holds as far as this store knows (undefined: not read yet). */
  private currentRecords?: readonly PersistedRecord[];
  /** What state.json.prev holds: its artifacts are kept too. */
  private previousRecords: readonly PersistedRecord[] = [];
  /** The revision state.json holds as far as this store knows. */
  private revision = 0;

  constructor(settings: GatewaySettings, options: FileStoreOptions = {}) {
    super();
    this.readOnly = options.readOnly === true;
    this.root = join(resolveSettingsPath(settings, settings.dataDir), 'deployments');
    this.artifactsDir = join(this.root, 'artifacts');
    this.statePath = join(this.root, 'state.json');
    this.previousStatePath = `${this.statePath}.prev`;
  }

  /**
   * Boot recovery: removes files a crash left half-written, reads `state.json` (falling back to
   * `state.json.prev`, loudly, when it is damaged or lost; refusing to start when neither is
   * usable: see state-recovery.ts) and deletes the artifacts neither refers to. Returns the
   * persisted state. Read-only, it only reads.
   */
  async open(): Promise<StoredState> {
    if (this.readOnly) return (await this.readCurrent()) ?? { revision: 0, records: [] };
    await mkdir(this.artifactsDir, { recursive: true });
    await this.removeTempFiles(this.root);
    await this.removeTempFiles(this.artifactsDir);
    const recovered = await recoverState(this.statePath, this.previousStatePath, (text) => writeFileDurably(this.statePath, text));
    if (recovered.fallback !== undefined) this.logger.error(recovered.fallback);
    this.currentRecords = recovered.state.records;
    this.previousRecords = recovered.previousRecords;
    this.revision = recovered.state.revision;
    await this.removeUnreferenced(recovered.state.records);
    return recovered.state;
  }

  /** The revision of the state this store last read or wrote. */
  get heldRevision(): number {
    return this.revision;
  }

  /** Only a reader learns of others' writes; the writer knows its own. */
  async latest(revision: number): Promise<StoredState | undefined> {
    if (!this.readOnly) return undefined;
    const state = await this.readCurrent();
    return state !== undefined && state.revision > revision ? state : undefined;
  }

  status(revision: number): StoreStatus {
    return this.readOnly
      ? { type: this.type, acceptingChanges: false, revision, problem: 'a worker process does not write deployments' }
      : { type: this.type, acceptingChanges: true, revision };
  }

  /**
   * The records state.json holds, as the deploy pipeline will write them again (after boot):
   * later writes then tell the records that changed by identity, and unchanged lines are not
   * serialised again.
   */
  override adopt(records: readonly PersistedRecord[]): void {
    this.currentRecords = records;
    prepareLines(records);
  }

  /** Stores the bytes under `ref` (nothing is written when they are already there). */
  async saveArtifact(bytes: Uint8Array, ref: StoredArtifactRef): Promise<void> {
    this.assertWritable();
    const path = this.artifactPath(ref);
    await mkdir(this.artifactsDir, { recursive: true });
    if (!(await exists(path))) await writeFileDurably(path, bytes);
  }

  hasArtifact(ref: StoredArtifactRef): Promise<boolean> {
    return exists(this.artifactPath(ref));
  }

  async readArtifact(ref: StoredArtifactRef): Promise<Buffer> {
    return readFile(this.artifactPath(ref));
  }

  async writeState(records: readonly PersistedRecord[], base: number): Promise<number> {
    this.assertWritable();
    if (base !== this.revision) throw new StaleStateError(base, this.revision);
    await this.replaceState({ revision: base + 1, records });
    return base + 1;
  }

  /**
   * Replaces `state.json` by `state` whatever revision it held (the Redis store's local copy of
   * the shared state), first keeping the state it replaces as `state.json.prev`; returns once
   * both are durable. At every instant a crash leaves state.json old or new, and
   * state.json.prev a good state one or two writes behind.
   */
  async replaceState(state: StoredState): Promise<void> {
    this.assertWritable();
    const { records } = state;
    await mkdir(this.root, { recursive: true });
    const before = [...(this.currentRecords ?? []), ...this.previousRecords];
    // Unknown (written before open()): kept only when it reads as a good state.
    const replaced = this.currentRecords ?? (await this.readGoodState());
    // Only a good state becomes the fallback: a damaged one must not push the last good one out.
    if (replaced !== undefined && (await keepCopy(this.statePath, this.previousStatePath))) this.previousRecords = replaced;
    await writeFileDurably(this.statePath, serializeState(records, state.revision));
    this.currentRecords = records;
    this.revision = state.revision;
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
    return (await this.readCurrent().catch(() => undefined))?.records;
  }

  /** state.json as it is now (undefined: missing or unusable). */
  private async readCurrent(): Promise<StoredState | undefined> {
    const found = await readStateFile(this.statePath);
    return found.status === 'usable' ? found.state : undefined;
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreUnavailableError('a worker process does not write deployments');
  }

  private async removeTempFiles(dir: string): Promise<void> {
    const names = await readdir(dir);
    const leftovers = names.filter((n) => n.endsWith(TEMP_SUFFIX));
    await Promise.all(leftovers.map((n) => rm(join(dir, n), { force: true, recursive: true })));
    if (leftovers.length > 0) this.logger.warn(`Removed ${leftovers.length} file(s) left half-written in ${dir}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
