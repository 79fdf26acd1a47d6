import { AdminClient, GatewayUnavailableError } from './admin-client.js';
import { deploymentChanges, type DeploymentChanges, hasChanges } from './deployment-changes.js';
import { folderProjects } from './folder-projects.js';
import { parseRemoteArguments } from './remote-arguments.js';

/** Exit codes of `diff` and `sync` beyond 0 (nothing to do / all applied), 1 (invalid or refused), 2 (usage). */
export const REMOTE_EXIT = { changes: 3, gatewayUnavailable: 4 } as const;

/**
 * `portico diff <dir>`: what deploying the folder's projects would change on the running gateway.
 * Exit 0 when nothing would, 3 when something would, 1 when a project is invalid, 4 when the
 * admin API cannot be reached or refuses the credentials.
 */
export async function diffCommand(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseRemoteArguments(argv, env, { prune: false });
  const folder = await folderProjects(args, cwd, env);
  if (!folder.ok) return folder.code;
  let changes: DeploymentChanges;
  try {
    changes = await deploymentChanges(new AdminClient(args.admin), folder.projects);
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    console.error(`portico diff: ${error.message}`);
    return REMOTE_EXIT.gatewayUnavailable;
  }
  process.stdout.write(args.json ? jsonChanges(changes) : textChanges(changes));
  return hasChanges(changes) ? REMOTE_EXIT.changes : 0;
}

function textChanges(changes: DeploymentChanges): string {
  const lines: string[] = [];
  for (const p of changes.added) lines.push(`added      ${p.name}:${p.version} (${p.target.path})`);
  for (const c of changes.changed) lines.push(`changed    ${c.project.name}:${c.project.version} (${c.project.target.path})`, c.diff.trimEnd());
  for (const api of changes.removed) lines.push(`removed    ${api.name}:${api.version}`);
  for (const p of changes.unchanged) lines.push(`unchanged  ${p.name}:${p.version} (${p.target.path})`);
  const { added, changed, removed, unchanged } = changes;
  lines.push(`${added.length} added, ${changed.length} changed, ${removed.length} removed, ${unchanged.length} unchanged`);
  return lines.join('\n') + '\n';
}

function jsonChanges(changes: DeploymentChanges): string {
  const local = (p: { name: string; version: string; target: { path: string } }): object => ({ name: p.name, version: p.version, path: p.target.path });
  const report = {
    added: changes.added.map(local),
    changed: changes.changed.map((c) => ({ ...local(c.project), diff: c.diff })),
    removed: changes.removed.map(({ name, version }) => ({ name, version })),
    unchanged: changes.unchanged.map(local),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
