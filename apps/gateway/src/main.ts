import 'reflect-metadata';
import { EXIT_CODES } from '#core';
import { runGatewayProcess } from '#gateway';
import { loadProcessSettings, SettingsError } from '#settings';

/**
 * `npm start`: the gateway on config/gateway.yaml (or --config FILE / PORTICO_CONFIG). With
 * `workers` above 1 this process is the primary and forks the workers, which run this file too.
 */
async function main(): Promise<void> {
  let settings;
  try {
    settings = loadProcessSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(EXIT_CODES.config);
    }
    throw error;
  }
  await runGatewayProcess(settings);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
