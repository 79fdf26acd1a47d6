import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { FunctionConnectorModule } from '#connectors/function';
import { EXIT_CODES, GatewayModule, loadProcessSettings, SettingsError, startGateway, StartupError } from '#gateway';
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
  const module = GatewayModule.forRoot({ settings, imports: [FunctionConnectorModule.forRoot({ directory })] });
  const gateway = await startGateway(module).catch((error: unknown) => {
    if (!(error instanceof StartupError)) throw error;
    console.error(error.message);
    process.exit(error.exitCode);
  });
  const { http, https, admin } = gateway.ports;
  new Logger('Portico').log(`function gateway ready: http :${http}${https ? `, https :${https}` : ''}${admin ? `, admin :${admin}` : ''}; functions from ${directory}`);
  const stop = (signal: NodeJS.Signals): void => void gateway.close(signal).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
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
