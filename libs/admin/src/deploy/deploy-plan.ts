import { type ApiDefinition, type Deployment, type DeploymentTarget, DeployRejectedError, type LoadedApi, type Problem } from '#core';
import type { ArtifactLocation, DeploymentOrigin, DeploymentRecord } from './deployment-record.js';

/**
 * The pure part of the deploy pipeline: which targets a deploy goes to, whether it conflicts
 * with what is deployed, and the record set that results. Nothing here does I/O.
 */

export interface EnvironmentVhost {
  readonly name: string;
  readonly vhost: string;
}

/** Narrowing a deploy asks for (Portico API query parameters). */
export interface TargetRequest {
  readonly environment?: string;
  readonly vhost?: string;
}

export function resolveTargets(
  api: ApiDefinition,
  environments: readonly EnvironmentVhost[],
  request: TargetRequest = {},
): DeploymentTarget[] {
  let targets: readonly DeploymentTarget[] =
    api.deploymentTargets.length > 0 ? api.deploymentTargets : [{ environment: environments[0].name, vhost: environments[0].vhost }];
  if (request.environment !== undefined) {
    const env = environments.find((e) => e.name === request.environment);
    if (!env) {
      throw new DeployRejectedError([
        {
          code: 'deploy.no-target',
          message: `environment "${request.environment}" is not configured (configured: ${environments.map((e) => e.name).join(', ')})`,
          location: 'query.environment',
        },
      ]);
    }
    const inEnv = targets.filter((t) => t.environment === env.name);
    targets = inEnv.length > 0 ? inEnv : [{ environment: env.name, vhost: env.vhost }];
  }
  if (request.vhost !== undefined) {
    const vhost = request.vhost;
    targets = targets.map((t) => ({ environment: t.environment, vhost }));
  }
  // Records are keyed by vhost: one API has at most one deployment per vhost.
  const byVhost = new Map<string, DeploymentTarget>();
  for (const t of targets) if (!byVhost.has(t.vhost)) byVhost.set(t.vhost, { environment: t.environment, vhost: t.vhost });
  return [...byVhost.values()];
}

export interface DeployCandidate {
  readonly loaded: LoadedApi;
  readonly targets: readonly DeploymentTarget[];
  readonly origin: DeploymentOrigin;
  readonly artifact: ArtifactLocation;
  readonly deployedAt: string;
}

export interface DeployPlan {
  readonly records: readonly DeploymentRecord[];
  /** True when the API was on none of the target vhosts before. */
  readonly created: boolean;
}

function sameApi(record: DeploymentRecord, api: { readonly name: string; readonly version: string }): boolean {
  return record.name === api.name && record.version === api.version;
}

/** Conflicts per target vhost (spec §3.5, §4.2), then the record set with the candidate in place. */
export function planDeploy(current: readonly DeploymentRecord[], candidate: DeployCandidate, override: boolean): DeployPlan {
  const { api } = candidate.loaded;
  const { name, version, basePath } = api;
  const problems: Problem[] = [];
  const targetVhosts = new Set(candidate.targets.map((t) => t.vhost));
  const kept: DeploymentRecord[] = [];
  let created = true;
  // One pass over what is deployed: this runs on every deploy, with thousands of APIs.
  for (const r of current) {
    if (!targetVhosts.has(r.vhost)) {
      kept.push(r);
    } else if (r.name === name && r.version === version) {
      created = false;
      if (!override) {
        problems.push({
          code: 'deploy.api-exists',
          message: `API ${name}:${version} is already deployed on vhost ${r.vhost}; deploy with override=true to replace it`,
        });
      }
    } else {
      kept.push(r);
      if (r.loaded.api.basePath === basePath) {
        problems.push({
          code: 'deploy.basepath-conflict',
          message: `An API exists with the same basepath ${basePath} on vhost ${r.vhost}: ${r.name}:${r.version}`,
        });
      }
    }
  }
  if (problems.length > 0) throw new DeployRejectedError(problems);

  const added = candidate.targets.map(
    (t): DeploymentRecord => ({
      name: api.name,
      version: api.version,
      environment: t.environment,
      vhost: t.vhost,
      origin: candidate.origin,
      deployedAt: candidate.deployedAt,
      artifact: candidate.artifact,
      loaded: candidate.loaded,
    }),
  );
  return { records: [...kept, ...added], created };
}

/**
 * `planDeploy` with override for many candidates in a row (boot): the same conflicts and
 * replacements, indexed by slot and base path so that n candidates cost O(n), not O(n²).
 */
export class RecordSetBuilder {
  /** Records by `name, version, vhost`, in the order planDeploy would leave them. */
  private readonly bySlot = new Map<string, DeploymentRecord>();
  private readonly byBasePath = new Map<string, DeploymentRecord>();

  /** Adds the candidate, replacing the API where it is; throws DeployRejectedError on a base path conflict. */
  add(candidate: DeployCandidate): void {
    const { api } = candidate.loaded;
    const problems: Problem[] = [];
    for (const { vhost } of candidate.targets) {
      const clash = this.byBasePath.get(key(vhost, api.basePath));
      if (clash !== undefined && !sameApi(clash, api)) {
        problems.push({
          code: 'deploy.basepath-conflict',
          message: `An API exists with the same basepath ${api.basePath} on vhost ${vhost}: ${clash.name}:${clash.version}`,
        });
      }
    }
    if (problems.length > 0) throw new DeployRejectedError(problems);
    const { records } = planDeploy([], candidate, true);
    for (const record of records) {
      const slot = key(record.name, record.version, record.vhost);
      const replaced = this.bySlot.get(slot);
      if (replaced !== undefined) this.byBasePath.delete(key(replaced.vhost, replaced.loaded.api.basePath));
      this.bySlot.delete(slot);
      this.bySlot.set(slot, record);
      this.byBasePath.set(key(record.vhost, api.basePath), record);
    }
  }

  get records(): DeploymentRecord[] {
    return [...this.bySlot.values()];
  }
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

export interface UndeployFilter {
  readonly vhost?: string;
  readonly environments?: readonly string[];
}

export interface UndeployPlan {
  readonly records: readonly DeploymentRecord[];
  readonly removed: readonly DeploymentRecord[];
}

/** Removes the API's records matching the filter; none matching is a 404 (spec §4.2, Portico note). */
export function planUndeploy(current: readonly DeploymentRecord[], name: string, version: string, filter: UndeployFilter = {}): UndeployPlan {
  const matches = (r: DeploymentRecord): boolean =>
    sameApi(r, { name, version }) &&
    (filter.vhost === undefined || r.vhost === filter.vhost) &&
    (filter.environments === undefined || filter.environments.includes(r.environment));
  const removed = current.filter(matches);
  if (removed.length === 0) {
    const where = [
      filter.vhost !== undefined ? `on vhost ${filter.vhost}` : '',
      filter.environments !== undefined ? `in environments ${filter.environments.join(', ')}` : '',
    ].filter((s) => s !== '');
    throw new DeployRejectedError([
      { code: 'api.not-found', message: `API ${name}:${version} is not deployed${where.length > 0 ? ' ' + where.join(' ') : ''}` },
    ]);
  }
  return { records: current.filter((r) => !matches(r)), removed };
}

/** Each record's deployment, made once: the routing layer tells unchanged deployments by identity. */
const deploymentForms = new WeakMap<DeploymentRecord, Deployment>();

export function deploymentsOf(records: readonly DeploymentRecord[]): Deployment[] {
  return records.map((r) => {
    let deployment = deploymentForms.get(r);
    if (deployment === undefined) deploymentForms.set(r, (deployment = { api: r.loaded.api, environment: r.environment, vhost: r.vhost }));
    return deployment;
  });
}
