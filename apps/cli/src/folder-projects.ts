import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT_CODES } from '#core';
import { loadSettings, SettingsError } from '#settings';
import { validateTargets } from './folder-validation.js';
import type { LocalProject } from './local-project.js';
import type { RemoteArguments } from './remote-arguments.js';
import { UsageError } from './usage-error.js';
import { jsonReport, textReport } from './validation-report.js';
import { targetsAt } from './validation-targets.js';

/** The folder's projects once all are valid, or the exit code when they are not (report printed). */
export type FolderProjects = { readonly ok: true; readonly projects: readonly LocalProject[] } | { readonly ok: false; readonly code: number };

/**
 * Validates the folder as `portico validate` does, under the settings of `--config`: nothing is
 * compared or deployed unless every project of the folder is valid.
 */
export async function folderProjects(args: RemoteArguments, cwd: string, env: NodeJS.ProcessEnv): Promise<FolderProjects> {
  const dir = resolve(cwd, args.dir);
  if (!existsSync(dir) || !(await stat(dir)).isDirectory()) throw new UsageError(`${args.dir}: no such folder`);
  let settings;
  try {
    settings = loadSettings({ argv: args.settingsArgv, env, cwd });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    return { ok: false, code: EXIT_CODES.config };
  }
  const targets = await targetsAt(dir);
  const results = await validateTargets(settings, targets);
  if (!results.every((r) => r.ok)) {
    process.stdout.write(args.json ? jsonReport(results) : textReport(results));
    return { ok: false, code: 1 };
  }
  const projects = results.map((result, i): LocalProject => {
    const [name, version] = splitApi(result.api ?? '');
    return { name, version, target: targets[i] };
  });
  return { ok: true, projects };
}

/** `name:version` as the validator names an API; neither a name nor a version can hold `:`. */
function splitApi(api: string): [string, string] {
  const at = api.lastIndexOf(':');
  return [api.slice(0, at), api.slice(at + 1)];
}
