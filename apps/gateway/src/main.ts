import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
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
      process.exit(EXIT_CODES.config);
    }
    throw error;
  }
  let gateway;
  try {
    gateway = await startGateway(settings);
  } catch (error) {
    // A port in use or unreadable state: one line saying what to change, no stack trace.
    if (error instanceof StartupError) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    throw error;
  }
  const logger = new Logger('Portico');
  const { http, https, admin } = gateway.ports;
  logger.log(`ready (pid ${process.pid}): http :${http}${https ? `, https :${https}` : ''}${admin ? `, admin :${admin}` : ''}`);
  let stopping = false;
  // A second signal changes nothing: under `npm start` a Ctrl-C arrives twice (from the
  // terminal and forwarded by npm).
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    gateway.close(signal).then(
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
