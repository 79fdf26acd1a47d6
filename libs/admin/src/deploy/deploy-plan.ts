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
  const problems: Problem[] = [];
  let created = true;
  for (const { vhost } of candidate.targets) {
    const existing = current.find((r) => sameApi(r, api) && r.vhost === vhost);
    if (existing) {
      created = false;
      if (!override) {
        problems.push({
          code: 'deploy.api-exists',
          message: `API ${api.name}:${api.version} is already deployed on vhost ${vhost}; deploy with override=true to replace it`,
        });
      }
    }
    const clash = current.find((r) => !sameApi(r, api) && r.vhost === vhost && r.loaded.api.basePath === api.basePath);
    if (clash) {
      problems.push({
        code: 'deploy.basepath-conflict',
        message: `An API exists with the same basepath ${api.basePath} on vhost ${vhost}: ${clash.name}:${clash.version}`,
      });
    }
  }
  if (problems.length > 0) throw new DeployRejectedError(problems);

  const targetVhosts = new Set(candidate.targets.map((t) => t.vhost));
  const kept = current.filter((r) => !(sameApi(r, api) && targetVhosts.has(r.vhost)));
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

export function deploymentsOf(records: readonly DeploymentRecord[]): Deployment[] {
  return records.map((r) => ({ api: r.loaded.api, environment: r.environment, vhost: r.vhost }));
}
