import { AdminRefusal, type AdminClient, type DeployedApi } from './admin-client.js';
import { comparableDefinition } from './definition-text.js';
import { unifiedDiff } from './line-diff.js';
import { definitionOf, type LocalProject } from './local-project.js';

export interface ChangedApi {
  readonly project: LocalProject;
  /** Unified diff from the deployed definition to the folder's, as YAML text. */
  readonly diff: string;
}

/** What deploying a folder of projects would change on a running gateway. */
export interface DeploymentChanges {
  readonly added: readonly LocalProject[];
  readonly changed: readonly ChangedApi[];
  readonly removed: readonly DeployedApi[];
  readonly unchanged: readonly LocalProject[];
}

export function hasChanges(changes: DeploymentChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length > 0;
}

/** Compares the folder's valid projects with what the gateway has deployed, API by name and version. */
export async function deploymentChanges(client: AdminClient, projects: readonly LocalProject[]): Promise<DeploymentChanges> {
  const deployed = await client.list();
  const key = (api: DeployedApi): string => `${api.name}:${api.version}`;
  const deployedKeys = new Set(deployed.map(key));
  const localKeys = new Set(projects.map(key));
  const added: LocalProject[] = [];
  const changed: ChangedApi[] = [];
  const unchanged: LocalProject[] = [];
  for (const project of projects) {
    if (!deployedKeys.has(key(project))) {
      added.push(project);
      continue;
    }
    const diff = unifiedDiff(comparableDefinition(await deployedDefinition(client, project)), comparableDefinition(await definitionOf(project.target)), {
      from: `deployed ${key(project)}`,
      to: project.target.path,
    });
    if (diff === '') unchanged.push(project);
    else changed.push({ project, diff });
  }
  return { added, changed, removed: deployed.filter((api) => !localKeys.has(key(api))), unchanged };
}

/** An API deployed without a readable definition compares as an empty one. */
async function deployedDefinition(client: AdminClient, api: DeployedApi): Promise<string | undefined> {
  try {
    return await client.definition(api);
  } catch (error) {
    if (error instanceof AdminRefusal) return undefined;
    throw error;
  }
}
