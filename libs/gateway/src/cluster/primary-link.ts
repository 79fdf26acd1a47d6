import cluster from 'node:cluster';
import { isPrimaryMessage, type ListeningMessage, type StartFailedMessage } from './cluster-messages.js';

export interface PrimaryLinkHandlers {
  /** The primary committed a deployment change: catch up from the store. */
  deployments(revision: number): void;
  /** The primary is stopping: stop as `signal` would stop a single gateway. */
  stop(signal: 'SIGTERM' | 'SIGINT'): void;
  /** The primary is gone (its IPC channel closed): no admin API, and no new connections are handed over. */
  primaryGone(): void;
}

/** A worker's side of `workers: N`: what the primary tells it, and telling it that the data plane listens. */
export class PrimaryLink {
  constructor(handlers: PrimaryLinkHandlers) {
    if (!cluster.isWorker || cluster.worker === undefined) throw new Error('PrimaryLink: this process is not a cluster worker');
    // Node's cluster ends a worker at once (exit 0) when the channel closes unexpectedly, cutting
    // the requests in flight; marked as expected, the disconnect is left to primaryGone (drain).
    cluster.worker.exitedAfterDisconnect = true;
    process.on('message', (message: unknown) => {
      if (!isPrimaryMessage(message)) return;
      if (message.portico === 'deployments') handlers.deployments(message.revision);
      else handlers.stop(message.signal);
    });
    process.once('disconnect', () => handlers.primaryGone());
  }

  /** Hands a start failure's one line to the primary, which says it once for all workers; resolves once it is sent. */
  static startFailed(message: string, exitCode: number): Promise<void> {
    const failed: StartFailedMessage = { portico: 'start-failed', message, exitCode };
    return new Promise((resolve) => {
      if (process.send === undefined || !process.send(failed, undefined, undefined, () => resolve())) resolve();
    });
  }

  /** Tells the primary the data plane listens on these (shared) ports. */
  listening(ports: { readonly http: number; readonly https?: number }): void {
    const message: ListeningMessage = { portico: 'listening', http: ports.http, https: ports.https };
    process.send?.(message);
  }
}
