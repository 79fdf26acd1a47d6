import 'reflect-metadata';
import { FunctionConnectorModule } from '#connectors/function';
import { EXIT_CODES, GatewayModule, loadProcessSettings, runGatewayProcess, SettingsError } from '#gateway';
import { type GatewaySettings, resolveSettingsPath } from '#settings';

/**
 * `npm run example:function`: a gateway composed of the standard modules and the example
 * `function` connector (libs/connectors/function), whose handlers are JavaScript modules in
 * `--functions <dir>` (default `./config/functions`). Settings: `--config FILE` as for `npm start`
 * (the npm script gives config/function-gateway.yaml, which deploys config/function-apis).
 */
async function main(): Promise<void> {
  const settings = settingsOrExit();
  const directory = resolveSettingsPath(settings, flagValue('--functions') ?? './config/functions');
  // The same process model as `npm start`: one process, or a primary and `workers` workers composed alike.
  await runGatewayProcess(settings, {
    module: (role) => GatewayModule.forRoot({ settings, role, imports: [FunctionConnectorModule.forRoot({ directory })] }),
    readyNote: `functions from ${directory}`,
  });
}

function settingsOrExit(): GatewaySettings {
  try {
    return loadProcessSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(EXIT_CODES.config);
  }
}

function flagValue(flag: string): string | undefined {
  const argv = process.argv;
  const at = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return undefined;
  return argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
