import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  type ApiDefinition,
  DEFINITION_LOADER,
  type DefinitionLoader,
  DeployRejectedError,
  GATEWAY_EVENTS,
  type GatewayEvents,
  type LoadedApi,
  type Problem,
  GATEWAY_METRICS,
  type GatewayMetricsSource,
  printable,
  ROUTING_PUBLISHER,
  type RoutingPublisher,
} from '#core';
import { GatewaySettings } from '#settings';
import { apiDeployed, apisRestored, apiUndeployed } from '../events/deployment-events.js';
import { AdminHttpError } from '../errors/admin-errors.js';
import { type ArtifactDescription, DeploymentStore, StaleStateError, type StoreStatus, StoreUnavailableError } from '../store/deployment-store.js';
import type { StoredState } from '../store/persisted-state.js';
import { namingApi } from './api-rejection.js';
import { type DeployInput, toApiSource } from './deploy-input.js';
import { deploymentsOf, planDeploy, planUndeploy, resolveTargets, type TargetRequest, type UndeployFilter } from './deploy-plan.js';
import {
  type ArtifactLocation,
  type DeploymentRecord,
  type DeploySummary,
  type PersistedRecord,
  type StoredArtifactRef,
  toPersisted,
} from './deployment-record.js';
import { SerialQueue } from './serial-queue.js';
import { planStoredState } from './stored-state-plan.js';

/** Plans made again after another writer committed first, before the change gives up with 503. */
const MAX_PLANS = 5;

export interface DeployOptions extends TargetRequest {
  /** Replace the API where it is already deployed (else 409 `deploy.api-exists`). */
  readonly override: boolean;
  /** The API the artifact must define (Portico `PUT /apis/:name/:version`). */
  readonly expect?: { readonly name: string; readonly version: string };
}

/** Deployments restored at boot that belong together (one project or one persisted artifact). */
export interface RestoredGroup {
  readonly label: string;
  readonly records: readonly DeploymentRecord[];
}

export interface RestoreOutcome {
  readonly published: readonly RestoredGroup[];
  readonly rejected: readonly { readonly group: RestoredGroup; readonly error: DeployRejectedError }[];
}

/**
 * The one place deployments change: load → targets → conflicts → next record set →
 * prepare the routing snapshot → persist → publish → swap state. Mutations run one at a
 * time; a failure at any step leaves state, disk and routing as they were.
 * Uploads (admin API) are persisted; paths under `apisDir` (origin `file`) are not.
 */
@Injectable()
export class DeployPipeline {
  private readonly logger = new Logger(DeployPipeline.name);
  private readonly queue = new SerialQueue();
  private records: readonly DeploymentRecord[] = [];
  /** Persisted deployments that failed to restore at boot; kept on disk, not served. */
  private unrestored: readonly PersistedRecord[] = [];
  /** The store revision `records` reflect. */
  private revision = 0;
  private readonly committedListeners = new Set<(revision: number) => void>();

  constructor(
    private readonly settings: GatewaySettings,
    @Inject(DEFINITION_LOADER) private readonly loader: DefinitionLoader,
    @Inject(ROUTING_PUBLISHER) private readonly publisher: RoutingPublisher,
    private readonly store: DeploymentStore,
    /** The admin event stream's source; absent where the gateway is composed without one. */
    @Optional() @Inject(GATEWAY_EVENTS) private readonly events: GatewayEvents | null = null,
    /** Counts and times deploys and undeploys; absent where the gateway is composed without metrics. */
    @Optional() @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetricsSource | null = null,
  ) {
    metrics?.observeDeploymentStore(() => this.storeStatus());
  }

  /** Every deployment, one record per API and vhost. */
  list(): readonly DeploymentRecord[] {
    return this.records;
  }

  /** The records of one API (empty when it is not deployed). */
  get(name: string, version: string): readonly DeploymentRecord[] {
    return this.records.filter((r) => r.name === name && r.version === version);
  }

  async load(input: DeployInput): Promise<LoadedApi> {
    return this.loader.load(await toApiSource(input));
  }

  deploy(input: DeployInput, options: DeployOptions): Promise<DeploySummary> {
    // Once the definition is read, a rejection names its API (for the admin API's log line).
    let named: string | undefined;
    const work = this.queue.run(async () => {
      const loaded = await this.load(input);
      await nextTurn();
      const { api } = loaded;
      named = `${api.name}:${api.version}`;
      assertIdentity(api, options.expect);
      const targets = resolveTargets(api, this.settings.environments, options);
      const artifact = this.locate(input);
      const origin = input.kind === 'path' ? 'file' : 'admin';
      const upload = input.kind === 'upload' && artifact.kind === 'stored' ? { bytes: input.bytes, ref: artifact.ref } : undefined;
      const { plan, warnings: routingWarnings } = await this.planned(async () => {
        const plan = planDeploy(this.records, { loaded, targets, origin, artifact, deployedAt: new Date().toISOString() }, options.override);
        return { plan, warnings: await this.commit(plan.records, upload) };
      });
      const warnings = [...loaded.warnings, ...routingWarnings];
      const where = targets.map((t) => `${t.environment}/${t.vhost}`).join(', ');
      this.logger.log(`${plan.created ? 'Deployed' : 'Redeployed'} ${api.name}:${api.version} at ${api.basePath} on ${where}`);
      this.events?.publish(apiDeployed(api, targets, plan.created, origin));
      for (const w of warnings) this.logger.warn(`${api.name}:${api.version}: ${printable(w.message, 2000)}${w.location ? ` (at ${printable(w.location)})` : ''}`);
      return {
        name: api.name,
        version: api.version,
        id: api.id,
        basePath: api.basePath,
        type: api.type,
        connector: api.connector.type,
        targets,
        created: plan.created,
        warnings,
      };
    }).catch((error: unknown) => {
      throw namingApi(error, named);
    });
    return this.metrics?.measureDeploy('deploy', work) ?? work;
  }

  /**
   * Removes the API from the matching vhosts/environments; returns the removed records. It
   * also forgets persisted deployments of the API that could not be restored at boot.
   */
  undeploy(name: string, version: string, filter: UndeployFilter = {}): Promise<readonly DeploymentRecord[]> {
    const work = this.queue.run(async () => {
      const { plan, forgotten } = await this.planned(async () => {
        const forgotten = this.unrestored.filter((u) => matchesUndeploy(u, name, version, filter));
        let plan;
        try {
          plan = planUndeploy(this.records, name, version, filter);
        } catch (error) {
          if (forgotten.length === 0) throw error;
          plan = { records: this.records, removed: [] };
        }
        await this.commit(plan.records, undefined, this.unrestored.filter((u) => !forgotten.includes(u)));
        return { plan, forgotten };
      });
      const where = [...plan.removed, ...forgotten].map((r) => `${r.environment}/${r.vhost}`).join(', ');
      this.logger.log(`Undeployed ${name}:${version} from ${where}`);
      const undeployed = apiUndeployed(plan.removed);
      if (undeployed) this.events?.publish(undeployed);
      return plan.removed;
    }).catch((error: unknown) => {
      throw namingApi(error, `${name}:${version}`);
    });
    return this.metrics?.measureDeploy('undeploy', work) ?? work;
  }

  /**
   * Boot: makes `groups` the whole state with one published snapshot, persisting nothing. The
   * routing layer leaves out the APIs it cannot serve and names them, so one broken API never
   * keeps the others down. Persisted records that could not be restored (`unrestored`, and
   * admin records of rejected groups) stay in state.json until an admin deploy replaces them or
   * an undeploy removes them.
   */
  restore(groups: readonly RestoredGroup[], unrestored: readonly PersistedRecord[] = [], revision = 0): Promise<RestoreOutcome> {
    return this.queue.run(async () => {
      const prepared = await this.publisher.prepare(deploymentsOf(groups.flatMap((g) => g.records)), { dropRejected: true });
      const problemsOf = new Map(prepared.rejected.map((r) => [r.deployment.api, r.problems]));
      const rejected: { group: RestoredGroup; error: DeployRejectedError }[] = [];
      const published: RestoredGroup[] = [];
      for (const group of groups) {
        const problems = group.records.map((r) => problemsOf.get(r.loaded.api)).find((p) => p !== undefined);
        if (problems === undefined) published.push(group);
        else rejected.push({ group, error: new DeployRejectedError(problems) });
      }
      this.publisher.publish(prepared);
      this.records = published.flatMap((g) => g.records);
      this.unrestored = [...unrestored, ...persistedOf(rejected.flatMap((r) => r.group.records))];
      this.revision = revision;
      this.store.adopt([...this.unrestored, ...persistedOf(this.records)]);
      if (this.events) for (const event of apisRestored(this.records)) this.events.publish(event);
      return { published, rejected };
    });
  }

  /** Calls `listener` with the new revision after every change this pipeline commits or applies. */
  onCommitted(listener: (revision: number) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /** Serves the store's newest state when another writer committed one (a replica, the primary). */
  follow(): Promise<void> {
    return this.queue.run(() => this.catchUp());
  }

  storeStatus(): StoreStatus {
    return this.store.status(this.revision);
  }

  /**
   * Runs `attempt` (plan and commit one change) on the newest stored state: when another writer
   * committed between the catch-up and the write, the change is planned again on what it wrote.
   */
  private async planned<T>(attempt: () => Promise<T>): Promise<T> {
    for (let plans = 1; ; plans++) {
      await this.catchUp();
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw new AdminHttpError('admin.store-unavailable', error.message);
        if (!(error instanceof StaleStateError)) throw error;
        if (plans === MAX_PLANS) throw new AdminHttpError('admin.store-contended', `the deployments kept changing while this change was planned ${MAX_PLANS} times; try again`);
      }
    }
  }

  private async catchUp(): Promise<void> {
    let state;
    try {
      state = await this.store.latest(this.revision);
    } catch (error) {
      throw error instanceof StoreUnavailableError ? new AdminHttpError('admin.store-unavailable', error.message) : error;
    }
    if (state !== undefined) await this.applyStored(state);
  }

  /** Serves `state`, written by another writer; what cannot be served here is logged and kept stored. */
  private async applyStored(state: StoredState): Promise<void> {
    const before = this.records;
    const load = (input: DeployInput) => this.load(input);
    const plan = await planStoredState(before, state, { store: this.store, environments: this.settings.environments, load, logger: this.logger });
    await nextTurn();
    const prepared = await this.publisher.prepare(deploymentsOf(plan.records), { dropRejected: true });
    const rejected = new Set(prepared.rejected.map((r) => r.deployment.api));
    for (const r of prepared.rejected) this.logger.error(`${r.deployment.api.name}:${r.deployment.api.version} (revision ${state.revision}): not deployed: ${r.problems.map((p) => `[${p.code}] ${printable(p.message, 500)}`).join('; ')}`);
    const served = plan.records.filter((r) => !rejected.has(r.loaded.api));
    this.publisher.publish(prepared);
    this.records = served;
    this.unrestored = [...plan.unrestored, ...persistedOf(plan.records.filter((r) => rejected.has(r.loaded.api)))];
    this.revision = state.revision;
    this.store.adopt([...this.unrestored, ...persistedOf(served)]);
    const kept = new Set(served);
    const removed = before.filter((r) => !kept.has(r));
    const previous = new Set(before);
    const added = served.filter((r) => !previous.has(r));
    this.logger.log(`Now serving revision ${state.revision} of the ${this.store.type} store: ${added.length} deployment(s) added, ${removed.length} removed`);
    if (this.events) {
      for (const event of apisRestored(added)) this.events.publish(event);
      for (const gone of groupByApi(removed)) {
        const undeployed = apiUndeployed(gone);
        if (undeployed) this.events.publish(undeployed);
      }
    }
    this.announce();
  }

  private announce(): void {
    for (const listener of this.committedListeners) {
      try {
        listener(this.revision);
      } catch (error) {
        this.logger.error(`a deployment listener failed: ${printable((error as Error).message)}`);
      }
    }
  }

  private locate(input: DeployInput): ArtifactLocation {
    if (input.kind === 'path') return { kind: 'file', path: input.path, format: input.format };
    const description: ArtifactDescription = { kind: input.format === 'zip' ? 'zip' : 'document', format: input.format };
    const named = input.name === undefined ? description : { ...description, name: input.name };
    return { kind: 'stored', ref: this.store.refFor(input.bytes, named) };
  }

  /** prepare → persist (when the admin deployments change) → publish → swap; returns the routing warnings. */
  private async commit(
    next: readonly DeploymentRecord[],
    upload?: { bytes: Buffer; ref: StoredArtifactRef },
    unrestored: readonly PersistedRecord[] = this.unrestored,
  ): Promise<readonly Problem[]> {
    const stillUnrestored = unrestored.filter((u) => !next.some((r) => sameSlot(r, u)));
    const persisted = [...stillUnrestored, ...persistedOf(next)];
    const persist = !sameItems(persisted, [...this.unrestored, ...persistedOf(this.records)]);
    await nextTurn();
    const prepared = await this.publisher.prepare(deploymentsOf(next));
    await nextTurn();
    let revision = this.revision;
    if (persist) {
      try {
        if (upload) await this.store.saveArtifact(upload.bytes, upload.ref);
        revision = await this.store.writeState(persisted, this.revision);
      } catch (error) {
        await this.publisher.discard(prepared);
        throw error;
      }
    }
    this.publisher.publish(prepared);
    this.records = next;
    this.unrestored = stillUnrestored;
    if (revision !== this.revision) {
      this.revision = revision;
      this.announce();
    }
    return prepared.warnings;
  }
}

/**
 * Lets the requests waiting on the event loop run between the steps of a deploy: with thousands
 * of APIs each step takes milliseconds, and together they would hold the data plane up.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function groupByApi(records: readonly DeploymentRecord[]): DeploymentRecord[][] {
  const byApi = new Map<string, DeploymentRecord[]>();
  for (const r of records) byApi.set(`${r.name}\n${r.version}`, [...(byApi.get(`${r.name}\n${r.version}`) ?? []), r]);
  return [...byApi.values()];
}

/** Each record's persisted form, made once, so unchanged state compares equal item by item. */
const persistedForms = new WeakMap<DeploymentRecord, PersistedRecord | undefined>();

function persistedOf(records: readonly DeploymentRecord[]): PersistedRecord[] {
  const out: PersistedRecord[] = [];
  for (const record of records) {
    if (!persistedForms.has(record)) persistedForms.set(record, toPersisted(record));
    const form = persistedForms.get(record);
    if (form !== undefined) out.push(form);
  }
  return out;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Same API on the same vhost: one replaces the other. */
function sameSlot(a: { name: string; version: string; vhost: string }, b: { name: string; version: string; vhost: string }): boolean {
  return a.name === b.name && a.version === b.version && a.vhost === b.vhost;
}

function matchesUndeploy(r: PersistedRecord, name: string, version: string, filter: UndeployFilter): boolean {
  return (
    r.name === name &&
    r.version === version &&
    (filter.vhost === undefined || r.vhost === filter.vhost) &&
    (filter.environments === undefined || filter.environments.includes(r.environment))
  );
}

function assertIdentity(api: ApiDefinition, expect: DeployOptions['expect']): void {
  if (!expect || (api.name === expect.name && api.version === expect.version)) return;
  throw new DeployRejectedError([
    {
      code: 'deploy.identity-mismatch',
      message: `the artifact defines API ${api.name}:${api.version}, but the request is for ${expect.name}:${expect.version}`,
    },
  ]);
}
