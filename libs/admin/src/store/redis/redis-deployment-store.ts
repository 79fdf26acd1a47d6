import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { GatewaySettings } from '#settings';
import type { PersistedRecord, StoredArtifactRef } from '../../deploy/deployment-record.js';
import { DeploymentStore, StaleStateError, type StoreStatus } from '../deployment-store.js';
import { FileDeploymentStore } from '../file-deployment-store.js';
import { parseState, serializeState, type StoredState } from '../persisted-state.js';
import { RedisConnection } from './redis-connection.js';
import { COMMIT_SCRIPT, RedisKeys, SEED_SCRIPT } from './redis-keys.js';

/**
 * Deployments shared by every gateway on one Redis (`deploymentStore.type: redis`): the state at
 * a revision and the artifacts, written by a compare-and-set script (COMMIT_SCRIPT) and announced
 * on a channel. Each replica keeps a local copy in dataDir (a FileDeploymentStore), written before
 * it serves a state: a start without Redis serves that copy and refuses deploys until Redis is back.
 */
export class RedisDeploymentStore extends DeploymentStore implements OnApplicationShutdown {
  readonly type = 'redis';
  private readonly logger = new Logger('DeploymentStore');
  private readonly local: FileDeploymentStore;
  private readonly connection: RedisConnection;
  private readonly keys: RedisKeys;
  /** The records of the state last read or written, at `held`: a commit deletes the artifacts only they used. */
  private held: StoredState = { revision: 0, records: [] };
  private readonly unwatch: (() => void)[] = [];
  private readonly pollIntervalMs: number;

  constructor(settings: GatewaySettings) {
    super();
    const redis = settings.deploymentStore.redis;
    this.local = new FileDeploymentStore(settings);
    this.connection = new RedisConnection(redis);
    this.keys = new RedisKeys(redis.keyPrefix);
    this.pollIntervalMs = redis.pollIntervalMs;
  }

  async open(): Promise<StoredState> {
    const copy = await this.local.open();
    this.held = copy;
    if (!(await this.connection.connect())) {
      this.logger.error(
        `Redis at ${this.connection.where} is unreachable${this.connection.failure}: serving the local copy of the deployments (revision ${copy.revision}); deploys answer 503 until it is reachable`,
      );
      return copy;
    }
    const revision = await this.connection.run((client) => client.get(this.keys.revision));
    if (revision === null) {
      if (copy.records.length > 0) await this.seed(copy);
      return this.held;
    }
    return (await this.latest(copy.revision)) ?? copy;
  }

  async latest(revision: number): Promise<StoredState | undefined> {
    const found = await this.connection.run(async (client) => {
      const current = Number((await client.get(this.keys.revision)) ?? 0);
      if (current === revision) return undefined;
      const text = await client.get(this.keys.state);
      return text === null ? undefined : parseState(text);
    });
    // Revisions only go down when Redis lost its data and a replica seeded it again: it is still the state to serve.
    if (found === undefined || found.revision === revision) return undefined;
    await this.copyLocally(found);
    return found;
  }

  async saveArtifact(bytes: Uint8Array, ref: StoredArtifactRef): Promise<void> {
    await this.connection.run((client) => client.set(this.keys.artifact(ref), Buffer.from(bytes)));
    await this.local.saveArtifact(bytes, ref);
  }

  readArtifact(ref: StoredArtifactRef): Promise<Buffer> {
    return this.local.readArtifact(ref);
  }

  async writeState(records: readonly PersistedRecord[], base: number): Promise<number> {
    const next = { revision: base + 1, records };
    const needed = new Set(records.map((r) => this.keys.artifact(r.artifact)));
    const unused = [...new Set(this.held.records.map((r) => this.keys.artifact(r.artifact)))].filter((key) => !needed.has(key));
    // An artifact another replica's commit deleted between our save and this write is put back once from the local copy.
    for (let tries = 0; ; tries++) {
      const [outcome, detail] = await this.connection.run(
        (client) => client.eval(COMMIT_SCRIPT, 2 + needed.size, this.keys.revision, this.keys.state, ...needed, base, serializeState(records, next.revision), this.keys.changes, ...unused) as Promise<[number, number | string]>,
      );
      if (outcome === 1) break;
      if (outcome === 0) throw new StaleStateError(base, Number(detail));
      const missing = records.find((r) => this.keys.artifact(r.artifact) === detail);
      if (missing === undefined || tries === 1) throw new Error(`the artifact ${String(detail)} is missing in Redis`);
      await this.saveArtifact(await this.local.readArtifact(missing.artifact), missing.artifact);
    }
    this.held = next;
    await this.keepLocally(next);
    return next.revision;
  }

  override adopt(records: readonly PersistedRecord[]): void {
    this.local.adopt(records);
  }

  /** Pub/sub for speed, a revision poll in case a message was lost, and a check on every reconnect. */
  override watch(onChange: () => void): () => void {
    const subscriber = this.connection.subscriber();
    subscriber.on('message', onChange);
    subscriber.on('ready', onChange);
    subscriber.subscribe(this.keys.changes).catch(() => undefined);
    const poll = setInterval(() => {
      if (this.connection.ready) onChange();
    }, this.pollIntervalMs);
    poll.unref();
    const stop = (): void => {
      clearInterval(poll);
      subscriber.disconnect();
    };
    this.unwatch.push(stop);
    return stop;
  }

  status(revision: number): StoreStatus {
    if (this.connection.ready) return { type: this.type, acceptingChanges: true, revision };
    return { type: this.type, acceptingChanges: false, revision, problem: `Redis at ${this.connection.where} is unreachable${this.connection.failure}` };
  }

  override async close(): Promise<void> {
    for (const stop of this.unwatch.splice(0)) stop();
    await this.connection.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Fetches the artifacts the local copy lacks, then writes the copy. */
  private async copyLocally(state: StoredState): Promise<void> {
    for (const { artifact } of state.records) {
      if (await this.local.hasArtifact(artifact)) continue;
      const bytes = await this.connection.run((client) => client.getBuffer(this.keys.artifact(artifact)));
      // The pipeline reports the deployment it then cannot read, with its API's name.
      if (bytes !== null) await this.local.saveArtifact(bytes, artifact);
    }
    this.held = state;
    await this.keepLocally(state);
  }

  /** The deploy is acknowledged by Redis already: a local copy that cannot be written is logged, not fatal. */
  private async keepLocally(state: StoredState): Promise<void> {
    await this.local.replaceState(state).catch((error: unknown) => {
      this.logger.error(`could not write the local copy of revision ${state.revision}: ${(error as Error).message}`);
    });
  }

  private async seed(copy: StoredState): Promise<void> {
    for (const { artifact } of copy.records) await this.saveArtifact(await this.local.readArtifact(artifact), artifact);
    const revision = Math.max(copy.revision, 1);
    const seeded = await this.connection.run((client) => client.eval(SEED_SCRIPT, 2, this.keys.revision, this.keys.state, serializeState(copy.records, revision), revision, this.keys.changes));
    if (seeded === 1) {
      this.logger.warn(`Redis at ${this.connection.where} held no deployments: seeded it with this gateway's ${copy.records.length} (revision ${revision})`);
      this.held = { revision, records: copy.records };
      await this.keepLocally(this.held);
      return;
    }
    // Another replica seeded it first: serve what it wrote.
    this.held = (await this.latest(copy.revision)) ?? copy;
  }
}
