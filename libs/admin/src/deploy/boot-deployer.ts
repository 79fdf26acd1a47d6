import { Injectable, Logger } from '@nestjs/common';
import { DeployRejectedError, type LoadedApi, printable } from '#core';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import { DeploymentStore } from '../store/deployment-store.js';
import type { DeployInput } from './deploy-input.js';
import { RecordSetBuilder, resolveTargets, type DeployCandidate } from './deploy-plan.js';
import { DeployPipeline, type RestoredGroup } from './deploy-pipeline.js';
import { DeploymentFollower } from './deployment-follower.js';
import type { DeploymentRecord, PersistedRecord } from './deployment-record.js';
import { projectsIn } from './project-folder.js';
import { groupPersisted, storedCandidate } from './stored-deployments.js';

export interface BootReport {
  /** Labels of what was deployed (project file names, `name:version` of persisted APIs). */
  readonly deployed: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Brings back the deployments at boot (spec §4.3): every project under `apisDir` (origin
 * `file`, override), then every persisted admin deployment (override, so an admin deploy
 * that replaced a file project wins). One snapshot is published at the end; a project that
 * fails is logged with its problems and skipped.
 */
@Injectable()
export class BootDeployer {
  private readonly logger = new Logger(BootDeployer.name);

  constructor(
    private readonly settings: GatewaySettings,
    private readonly pipeline: DeployPipeline,
    private readonly store: DeploymentStore,
    private readonly follower: DeploymentFollower,
  ) {}

  async restore(): Promise<BootReport> {
    const { records: persisted, revision } = await this.store.open();
    const failed: string[] = [];
    const unrestored: PersistedRecord[] = [];
    const records = new RecordSetBuilder();
    const labels = new Map<LoadedApi, string>();
    const stage = async (label: string, build: () => Promise<DeployCandidate>): Promise<boolean> => {
      try {
        const candidate = await build();
        records.add(candidate);
        labels.set(candidate.loaded, label);
        return true;
      } catch (error) {
        failed.push(label);
        this.logger.error(`${label}: not deployed: ${describe(error)}`);
        return false;
      }
    };

    for (const input of await this.projectsInApisDir()) {
      await stage(input.path, () => this.fileCandidate(input));
    }
    for (const group of groupPersisted(persisted)) {
      const first = group[0];
      const known = group.filter((r) => this.isConfigured(r.environment));
      for (const r of group.filter((g) => !known.includes(g))) {
        unrestored.push(r);
        this.logger.warn(`${r.name}:${r.version}: environment ${r.environment} is not configured; not deployed on ${r.vhost}`);
      }
      if (known.length === 0) continue;
      const label = `${first.name}:${first.version} (persisted)`;
      if (!(await stage(label, () => storedCandidate(known, this.store, (input) => this.pipeline.load(input))))) unrestored.push(...known);
    }

    const outcome = await this.pipeline.restore(groupByCandidate(records.records, labels), unrestored, revision);
    for (const { group, error } of outcome.rejected) {
      failed.push(group.label);
      this.logger.error(`${group.label}: not deployed: ${describe(error)}`);
    }
    for (const group of outcome.published) this.logger.log(summaryLine(group));
    this.follower.start();
    return { deployed: outcome.published.map((g) => g.label), failed };
  }

  private async projectsInApisDir(): Promise<Extract<DeployInput, { kind: 'path' }>[]> {
    const dir = resolveSettingsPath(this.settings, this.settings.apisDir);
    try {
      return (await projectsIn(dir)).map((entry) => ({ kind: 'path', ...entry }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.logger.debug(`${dir} does not exist: no API projects to deploy from it`);
      return [];
    }
  }

  private async fileCandidate(input: Extract<DeployInput, { kind: 'path' }>): Promise<DeployCandidate> {
    const loaded = await this.pipeline.load(input);
    return {
      loaded,
      targets: resolveTargets(loaded.api, this.settings.environments),
      origin: 'file',
      artifact: { kind: 'file', path: input.path, format: input.format },
      deployedAt: new Date().toISOString(),
    };
  }

  private isConfigured(environment: string): boolean {
    return this.settings.environments.some((e) => e.name === environment);
  }
}

/** The records left after all replacements, grouped by the candidate that made them. */
function groupByCandidate(records: readonly DeploymentRecord[], labels: ReadonlyMap<LoadedApi, string>): RestoredGroup[] {
  const groups = new Map<LoadedApi, DeploymentRecord[]>();
  for (const r of records) {
    const group = groups.get(r.loaded);
    if (group === undefined) groups.set(r.loaded, [r]);
    else group.push(r);
  }
  return [...groups].map(([loaded, recs]) => ({ label: labels.get(loaded) ?? `${recs[0].name}:${recs[0].version}`, records: recs }));
}

function summaryLine(group: RestoredGroup): string {
  const { name, version, origin, loaded } = group.records[0];
  const where = group.records.map((r) => `${r.environment}/${r.vhost}`).join(', ');
  return `Deployed ${name}:${version} (${origin}, ${loaded.api.connector.type}) at ${loaded.api.basePath} on ${where}`;
}

/** Problems quote definitions (names, URLs, keys): escaped, so a definition cannot forge log lines. */
function describe(error: unknown): string {
  if (error instanceof DeployRejectedError) {
    return error.problems.map((p) => `[${p.code}] ${printable(p.message, 2000)}${p.location ? ` (at ${printable(p.location)})` : ''}`).join('; ');
  }
  return printable(error instanceof Error ? error.message : String(error));
}
