import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startGateway } from '#gateway';
import { loadProcessSettings, SettingsError } from '#settings';

/** `npm start`: the gateway on config/gateway.yaml (or --config FILE / PORTICO_CONFIG). */
async function main(): Promise<void> {
  let settings;
  try {
    settings = loadProcessSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const gateway = await startGateway(settings);
  const logger = new Logger('Portico');
  const { http, https, admin } = gateway.ports;
  logger.log(`ready: http :${http}${https ? `, https :${https}` : ''}${admin ? `, admin :${admin}` : ''}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining and stopping`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
