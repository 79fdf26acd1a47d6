import type { DeploymentTarget } from '#core';
import type { GatewaySettings } from '#settings';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, textOf } from '../json/json-value.js';
import { ProblemCollector } from '../problems/problem-collector.js';
import { parseStructuredText } from '../reading/yaml-document.js';

/**
 * Where the API is deployed (spec §15): each entry of deployment_environments.yaml whose
 * environment is configured, on its `deploymentVhost` or the environment's default vhost.
 * Unknown environments are skipped with a warning; no file, or a file that cannot be read
 * (Choreo Connect logs and carries on), means the first configured environment. A file naming
 * only unknown environments deploys nowhere, which is refused.
 */
export function resolveDeploymentTargets(
  file: { readonly path: string; readonly content: Buffer } | undefined,
  settings: GatewaySettings,
  problems: ProblemCollector,
): DeploymentTarget[] {
  const fallback = [{ environment: settings.environments[0].name, vhost: settings.environments[0].vhost }];
  if (!file) return fallback;
  const entries = readEntries(file.path, file.content, problems);
  if (!entries || entries.length === 0) return fallback;
  const targets: DeploymentTarget[] = [];
  entries.forEach((entry, i) => {
    const location = locationOf(file.path, jsonPointer('data', i));
    const name = isObject(entry) ? textOf(entry.deploymentEnvironment) : undefined;
    const environment = settings.environments.find((e) => e.name === name);
    if (!environment) {
      const known = settings.environments.map((e) => e.name).join(', ');
      problems.warn('deploy.environment-unknown', `environment "${name ?? ''}" is not configured (configured: ${known}); the entry is skipped`, location);
      return;
    }
    const vhost = (isObject(entry) ? textOf(entry.deploymentVhost) : undefined) ?? environment.vhost;
    if (!targets.some((t) => t.environment === environment.name && t.vhost === vhost)) targets.push({ environment: environment.name, vhost });
  });
  if (targets.length === 0) {
    problems.error('deploy.no-target', `${file.path} names no configured environment, so the API would be deployed nowhere`, file.path);
  }
  return targets;
}

/** The `data` list, or undefined (with a warning) when the file cannot be used. */
function readEntries(path: string, content: Buffer, problems: ProblemCollector): unknown[] | undefined {
  // Syntax problems of this file are not fatal: collect them apart and report them as warnings.
  const local = new ProblemCollector();
  const root = parseStructuredText(content.toString('utf8'), path, local);
  const reason = local.errors[0]?.message ?? (root && !Array.isArray(root.data) ? `${path}: expected data: [{deploymentEnvironment, deploymentVhost}]` : undefined);
  if (reason !== undefined || !root) {
    problems.warn('project.file-invalid', `${reason ?? path}; deploying to the default environment`, path);
    return undefined;
  }
  return root.data as unknown[];
}
