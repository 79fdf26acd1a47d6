import { availableParallelism } from 'node:os';
import type { WorkersSetting } from '#settings';

/** The number of data-plane processes `workers` asks for: `auto` is one per core this process may use. */
export function workerCount(setting: WorkersSetting): number {
  return setting === 'auto' ? availableParallelism() : setting;
}
