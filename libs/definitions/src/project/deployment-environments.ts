import type { DeploymentTarget } from '#core';
import type { GatewaySettings } from '#settings';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject, textOf } from '../json/json-value.js';
import { ProblemCollector } from '../problems/problem-collector.js';
import type { StructuredTextReader } from '../reading/structured-text-reader.js';

/** deployment_environments.yaml as read: its data, or the problems that kept it from being read. */
export interface DeploymentEnvironmentsFile {
  readonly path: string;
  readonly root: JsonObject | undefined;
  /** Apart from the deploy's: they only make the file ignored (see readEntries). */
  readonly problems: ProblemCollector;
}

/** Reads the file like every other text of a project: under the limits, on the parse thread. */
export async function readDeploymentEnvironments(path: string, text: string, reader: StructuredTextReader): Promise<DeploymentEnvironmentsFile> {
  const problems = new ProblemCollector();
  return { path, root: await reader.read(text, path, problems), problems };
}

/**
 * Where the API is deployed (spec §15): each entry of deployment_environments.yaml whose
 * environment is configured, on its `deploymentVhost` or the environment's default vhost.
 * Unknown environments are skipped with a warning; no file, or a file that cannot be read
 * (Choreo Connect logs and carries on), means the first configured environment. A file naming
 * only unknown environments deploys nowhere, which is refused.
 */
export function resolveDeploymentTargets(
  file: DeploymentEnvironmentsFile | undefined,
  settings: GatewaySettings,
  problems: ProblemCollector,
): DeploymentTarget[] {
  const fallback = [{ environment: settings.environments[0].name, vhost: settings.environments[0].vhost }];
  if (!file) return fallback;
  const entries = readEntries(file, problems);
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
function readEntries({ path, root, problems: local }: DeploymentEnvironmentsFile, problems: ProblemCollector): unknown[] | undefined {
  // Syntax problems of this file are not fatal: they were collected apart, and are reported as warnings.
  const reason = local.errors[0]?.message ?? (root && !Array.isArray(root.data) ? `${path}: expected data: [{deploymentEnvironment, deploymentVhost}]` : undefined);
  if (reason !== undefined || !root) {
    problems.warn('project.file-invalid', `${reason ?? path}; deploying to the default environment`, path);
    return undefined;
  }
  return root.data as unknown[];
}
