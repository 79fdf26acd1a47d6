import type { ApiDefinition, ApiDeployedEvent, ApiUndeployedEvent, DeploymentTarget } from '#core';
import type { DeploymentOrigin, DeploymentRecord } from '../deploy/deployment-record.js';

/** `api.deployed` of one deploy: the targets it reached. */
export function apiDeployed(api: ApiDefinition, targets: readonly DeploymentTarget[], created: boolean, origin: DeploymentOrigin): ApiDeployedEvent {
  return {
    type: 'api.deployed',
    api: { id: api.id, name: api.name, version: api.version },
    basePath: api.basePath,
    environments: distinct(targets.map((t) => t.environment)),
    vhosts: distinct(targets.map((t) => t.vhost)),
    created,
    origin,
  };
}

/** One `api.deployed` per API among records restored at boot (created: nothing was deployed before). */
export function apisRestored(records: readonly DeploymentRecord[]): ApiDeployedEvent[] {
  const byApi = new Map<string, DeploymentRecord[]>();
  for (const record of records) {
    const key = `${record.name}\n${record.version}`;
    byApi.set(key, [...(byApi.get(key) ?? []), record]);
  }
  return [...byApi.values()].map((same) => apiDeployed(same[0].loaded.api, same, true, same[0].origin));
}

/** `api.undeployed` for the records an undeploy removed; undefined when it removed none being served. */
export function apiUndeployed(removed: readonly DeploymentRecord[]): ApiUndeployedEvent | undefined {
  if (removed.length === 0) return undefined;
  const { api } = removed[0].loaded;
  return {
    type: 'api.undeployed',
    api: { id: api.id, name: api.name, version: api.version },
    environments: distinct(removed.map((r) => r.environment)),
    vhosts: distinct(removed.map((r) => r.vhost)),
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
