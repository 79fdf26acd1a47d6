import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { EXIT_CODES } from '#core';
import { type GatewaySettings, loadSettings, SettingsError } from '#settings';
import { ArtifactValidator, type ValidationResult } from './artifact-validator.js';
import { UsageError } from './usage-error.js';
import { targetsAt, type ValidationTarget } from './validation-targets.js';
import { ValidationModule } from './validation-module.js';
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
  // The gateway's parts write to dataDir (parse cache, generated signing keys): a check leaves
  // the gateway's data as it was, so they get a scratch directory instead.
  const scratch = await mkdtemp(join(tmpdir(), 'portico-validate-'));
  settings.dataDir = scratch;
  try {
    return await validateIn(settings, targets);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function validateIn(settings: GatewaySettings, targets: readonly ValidationTarget[]): Promise<ValidationResult[]> {
  const app = await NestFactory.createApplicationContext(ValidationModule.forRoot(settings), { logger: ['error'], abortOnError: false });
  try {
    const validator = app.get(ArtifactValidator);
    const results: ValidationResult[] = [];
    // One at a time, in order: a later artifact is checked against those accepted before it.
    for (const target of targets) results.push(await validator.validate(target));
    return results;
  } finally {
    await app.close();
  }
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
