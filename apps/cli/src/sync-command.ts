import { AdminClient, AdminRefusal, GatewayUnavailableError } from './admin-client.js';
import { REMOTE_EXIT } from './diff-command.js';
import { deploymentChanges, type DeploymentChanges } from './deployment-changes.js';
import { folderProjects } from './folder-projects.js';
import { deployBodyOf } from './local-project.js';
import { parseRemoteArguments } from './remote-arguments.js';

/** One thing `sync` did, or left as it was, to one API. */
interface SyncAction {
  readonly action: 'deployed' | 'undeployed' | 'refused' | 'unchanged' | 'kept';
  readonly api: string;
  readonly path?: string;
  readonly message?: string;
  readonly problems?: readonly { code: string; message: string; location?: string }[];
}

/**
 * `portico sync [--prune] <dir>`: deploys the folder's new and changed projects (replacing what
 * is deployed under their names) and, with --prune, undeploys APIs the folder no longer has.
 * Exit 0 when all applied, 1 when a project is invalid or the admin API refused something, 4 when
 * the admin API cannot be reached or refuses the credentials.
 */
export async function syncCommand(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseRemoteArguments(argv, env, { prune: true });
  const folder = await folderProjects(args, cwd, env);
  if (!folder.ok) return folder.code;
  const client = new AdminClient(args.admin);
  const actions: SyncAction[] = [];
  try {
    await apply(client, await deploymentChanges(client, folder.projects), args.prune, (action) => {
      actions.push(action);
      if (!args.json) process.stdout.write(actionLines(action));
    });
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    console.error(`portico sync: ${error.message}`);
    return REMOTE_EXIT.gatewayUnavailable;
  }
  if (args.json) process.stdout.write(JSON.stringify(actions, null, 2) + '\n');
  return actions.some((a) => a.action === 'refused') ? 1 : 0;
}

async function apply(client: AdminClient, changes: DeploymentChanges, prune: boolean, report: (action: SyncAction) => void): Promise<void> {
  for (const project of [...changes.added, ...changes.changed.map((c) => c.project)]) {
    const api = `${project.name}:${project.version}`;
    const { body, contentType } = await deployBodyOf(project.target);
    report(await attempt('deployed', api, project.target.path, () => client.deploy(body, contentType)));
  }
  for (const deployed of changes.removed) {
    const api = `${deployed.name}:${deployed.version}`;
    if (prune) report(await attempt('undeployed', api, undefined, () => client.undeploy(deployed)));
    else report({ action: 'kept', api, message: 'deployed but not in the folder; --prune undeploys it' });
  }
  for (const project of changes.unchanged) report({ action: 'unchanged', api: `${project.name}:${project.version}`, path: project.target.path });
}

async function attempt(action: 'deployed' | 'undeployed', api: string, path: string | undefined, call: () => Promise<void>): Promise<SyncAction> {
  const where = path === undefined ? {} : { path };
  try {
    await call();
    return { action, api, ...where };
  } catch (error) {
    if (!(error instanceof AdminRefusal)) throw error;
    return { action: 'refused', api, ...where, message: error.message, problems: error.problems };
  }
}

function actionLines(a: SyncAction): string {
  const lines = [`${a.action.padEnd(10)} ${a.api}${a.path ? ` (${a.path})` : ''}${a.message ? `: ${a.message}` : ''}`];
  for (const p of a.problems ?? []) lines.push(`  ${p.code} ${p.message}${p.location ? ` (at ${p.location})` : ''}`);
  return lines.join('\n') + '\n';
}
