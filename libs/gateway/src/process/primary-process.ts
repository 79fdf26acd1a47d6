import { Logger } from '@nestjs/common';
import { DeployPipeline } from '#admin';
import { GatewayListeners } from '#core';
import type { GatewaySettings } from '#settings';
import { WorkerStartError, WorkerSupervisor } from '../cluster/worker-supervisor.js';
import { recordDataPlanePorts } from '../start-gateway.js';
import { type GatewayProcessOptions, readyLine, startOrExit } from './start-or-exit.js';

/** Past the workers' own drain (delay + drain timeout), how long the primary still waits before it kills them. */
const STOP_MARGIN_MS = 5_000;

/**
 * The primary of `workers: N`: the admin API, the deploy pipeline and the deployment store, as a
 * single gateway has them, but no data-plane listener: its workers (forked once its own
 * deployments are restored, so a repaired state file is what they read) share those.
 */
export async function runPrimary(settings: GatewaySettings, workers: number, options: GatewayProcessOptions = {}): Promise<void> {
  const gateway = await startOrExit(settings, 'primary', options);
  const logger = new Logger('Portico');
  let stopping = false;
  const supervisor = new WorkerSupervisor({ workers, onCrashLoop: () => stop('SIGTERM', 1) });
  gateway.app.get(DeployPipeline).onCommitted((revision) => supervisor.announce(revision));

  const stop = (signal: 'SIGTERM' | 'SIGINT', exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    supervisor.stopReplacing();
    logger.log(`${signal}: stopping ${supervisor.pids.length} workers`);
    const { shutdownDelayMs, drainTimeoutMs } = settings.dataPlane;
    const stopped = async (): Promise<void> => {
      // No deploy is accepted while the workers drain.
      await gateway.closeAdminApi();
      await supervisor.stop(signal, shutdownDelayMs + drainTimeoutMs + STOP_MARGIN_MS);
      await gateway.close(signal);
    };
    stopped().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  // A second signal changes nothing (Ctrl-C under `npm start` arrives twice).
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  let ports;
  try {
    ports = await supervisor.start();
  } catch (error) {
    if (!(error instanceof WorkerStartError)) throw error;
    // A start failure an operator must fix is one line without a stack, as a single gateway prints it.
    if (error.operatorError) process.stderr.write(`${error.message}\n`);
    else logger.error(error.message);
    await supervisor.kill();
    await gateway.close();
    process.exit(error.exitCode);
  }
  // Endpoints pointing back at the workers' listeners are refused by the deploys made here.
  recordDataPlanePorts(gateway.app.get(GatewayListeners), settings, ports);
  // SIGHUP keeps its default meaning (terminate) unless log files are open (then it reopens them, here and in every worker).
  if (process.listenerCount('SIGHUP') > 0) process.on('SIGHUP', () => supervisor.forward('SIGHUP'));
  logger.log(readyLine({ ...ports, admin: gateway.ports.admin }, options.readyNote));
}
