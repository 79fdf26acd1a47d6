import { Logger } from '@nestjs/common';
import { DeploymentFollower } from '#admin';
import { StartupError } from '#core';
import type { GatewaySettings } from '#settings';
import { PrimaryLink } from '../cluster/primary-link.js';
import type { RunningGateway } from '../start-gateway.js';
import { type GatewayProcessOptions, startInRole } from './start-or-exit.js';

/**
 * A worker of `workers: N`: the data plane only, on the listeners node:cluster shares, with its
 * own routing snapshot restored from the store (read-only here) and kept up to date when the
 * primary announces a committed change. The primary decides when it stops. Until it listens, a
 * signal ends it outright (it serves nothing yet) and the primary repeats what it announced.
 */
export async function runWorker(settings: GatewaySettings, options: GatewayProcessOptions = {}): Promise<void> {
  const gateway = await startWorker(settings, options);
  const logger = new Logger('Worker');
  let stopping = false;
  const stop = (signal: 'SIGTERM' | 'SIGINT'): void => {
    if (stopping) return;
    stopping = true;
    gateway.close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`worker ${process.pid}: shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  const link = new PrimaryLink({
    // catchUp logs its own failures and never throws.
    deployments: () => void gateway.app.get(DeploymentFollower).catchUp(),
    stop,
    primaryGone: () => {
      if (stopping) return;
      logger.warn(`worker ${process.pid}: the primary process is gone; draining and stopping`);
      // Nothing is handed to a worker without its primary: no point in the shutdown delay.
      stop('SIGINT');
    },
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Ctrl-C reaches every process of the terminal's group: the primary decides, and tells the workers.
  process.on('SIGINT', () => undefined);
  // Only the log files' reopening (their sinks listen too, when there are files), never a stop.
  process.on('SIGHUP', () => undefined);
  const { http, https } = gateway.ports;
  link.listening({ http, https });
  logger.log(`worker ${process.pid} listening: http :${http}${https ? `, https :${https}` : ''}`);
}

/** A start an operator must fix (a port in use) ends the worker; the primary says why, once for all workers. */
async function startWorker(settings: GatewaySettings, options: GatewayProcessOptions): Promise<RunningGateway> {
  try {
    return await startInRole(settings, 'worker', options);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    await PrimaryLink.startFailed(error.message, error.exitCode);
    process.exit(error.exitCode);
  }
}
