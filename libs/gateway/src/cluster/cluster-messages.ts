/**
 * What the primary and its workers say to each other over the cluster's IPC channel. Every
 * message carries `portico` (its kind), so prom-client's own messages on the same channel
 * (metrics requests) are told apart.
 */

/** Worker → primary: the data plane listens (the ports are shared by every worker). */
export interface ListeningMessage {
  readonly portico: 'listening';
  readonly http: number;
  readonly https?: number;
}

/**
 * Worker → primary: the start failed for a reason an operator must fix (a port in use), said
 * by the primary once rather than by every worker.
 */
export interface StartFailedMessage {
  readonly portico: 'start-failed';
  readonly message: string;
  readonly exitCode: number;
}

/** Primary → worker: the deployments changed (committed at `revision`); catch up from the store. */
export interface DeploymentsMessage {
  readonly portico: 'deployments';
  readonly revision: number;
}

/** Primary → worker: stop as that signal would stop a single gateway (SIGINT skips the shutdown delay). */
export interface StopMessage {
  readonly portico: 'stop';
  readonly signal: 'SIGTERM' | 'SIGINT';
}

export type WorkerMessage = ListeningMessage | StartFailedMessage;
export type PrimaryMessage = DeploymentsMessage | StopMessage;

function kindOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null ? (message as { portico?: unknown }).portico : undefined;
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  return kindOf(message) === 'listening' && typeof (message as ListeningMessage).http === 'number';
}

export function isStartFailedMessage(message: unknown): message is StartFailedMessage {
  return kindOf(message) === 'start-failed' && typeof (message as StartFailedMessage).message === 'string';
}

export function isPrimaryMessage(message: unknown): message is PrimaryMessage {
  const kind = kindOf(message);
  return kind === 'deployments' || kind === 'stop';
}
