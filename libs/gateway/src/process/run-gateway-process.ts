import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import type { GatewaySettings } from '#settings';
import { workerCount } from '../cluster/worker-count.js';
import { runPrimary } from './primary-process.js';
import { type GatewayProcessOptions, readyLine, startOrExit } from './start-or-exit.js';
import { runWorker } from './worker-process.js';

/**
 * Runs this process as the gateway its settings describe, until a signal stops it: one process
 * (`workers: 1`), or the primary of `workers: N`, which forks N workers running the same program
 * (they land here too, as workers). `npm start` is this on the standard gateway; an application
 * composing its own modules passes `options.module` and gets the same workers, signals and lines.
 */
export function runGatewayProcess(settings: GatewaySettings, options: GatewayProcessOptions = {}): Promise<void> {
  if (cluster.isWorker) return runWorker(settings, options);
  const workers = workerCount(settings.workers);
  return workers > 1 ? runPrimary(settings, workers, options) : runSingle(settings, options);
}

/** One process, data plane and admin API (`workers: 1`, the default). */
async function runSingle(settings: GatewaySettings, options: GatewayProcessOptions): Promise<void> {
  const gateway = await startOrExit(settings, 'single', options);
  const logger = new Logger('Portico');
  logger.log(readyLine(gateway.ports, options.readyNote));
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
