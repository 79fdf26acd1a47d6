import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_CODES } from '#core';
import { type GatewaySettings, loadSettings, SettingsError } from '#settings';
import type { ValidationResult } from './artifact-validator.js';
import { validateTargets } from './folder-validation.js';
import { UsageError } from './usage-error.js';
import { targetsAt, type ValidationTarget } from './validation-targets.js';
import { jsonReport, textReport } from './validation-report.js';

interface ValidateArguments {
  readonly paths: readonly string[];
  readonly json: boolean;
  /** What the settings loader reads `--config` from. */
  readonly settingsArgv: readonly string[];
}

/**
 * `portico validate`: checks projects offline with the deploy pipeline's own loader and routing
 * compiler, under the gateway's settings (`--config` as for `npm start`). Returns the exit code:
 * 0 when every artifact is valid, 1 when any is not.
 */
export async function validateCommand(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseArguments(argv);
  const missing = args.paths.filter((p) => !existsSync(resolve(cwd, p)));
  if (missing.length > 0) throw new UsageError(missing.map((p) => `${p}: no such file or folder`).join('\n'));
  let settings: GatewaySettings;
  try {
    settings = loadSettings({ argv: args.settingsArgv, env, cwd });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    return EXIT_CODES.config;
  }
  const results = await validateAll(settings, args.paths.map((p) => resolve(cwd, p)));
  process.stdout.write(args.json ? jsonReport(results) : textReport(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

async function validateAll(settings: GatewaySettings, paths: readonly string[]): Promise<ValidationResult[]> {
  const targets: ValidationTarget[] = [];
  for (const path of paths) targets.push(...(await targetsAt(path)));
  return validateTargets(settings, targets);
}

function parseArguments(argv: readonly string[]): ValidateArguments {
  const paths: string[] = [];
  const settingsArgv: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--config') {
      if (argv[i + 1] === undefined) throw new UsageError('--config: expected a file name after --config');
      settingsArgv.push(arg, argv[++i]);
    } else if (arg.startsWith('--config=')) settingsArgv.push(arg);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('expected at least one path to validate');
  return { paths, json, settingsArgv };
}
