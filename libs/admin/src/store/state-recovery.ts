import { copyFile, readFile } from 'node:fs/promises';
import { EXIT_CODES, StartupError } from '#core';
import type { PersistedRecord } from '../deploy/deployment-record.js';
import { parseState, type StoredState } from './persisted-state.js';

/** One state file as found on disk. */
export type StateFile =
  | { readonly status: 'usable'; readonly state: StoredState; readonly text: string }
  | { readonly status: 'missing' }
  | { readonly status: 'unusable'; readonly reason: string };

export async function readStateFile(path: string): Promise<StateFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    // Permissions or I/O, not damage: the operator must fix it, nothing is replaced.
    throw new StartupError(`${path} cannot be read: ${(error as Error).message}`, EXIT_CODES.data);
  }
  try {
    return { status: 'usable', state: parseState(text), text };
  } catch (error) {
    return { status: 'unusable', reason: (error as Error).message };
  }
}

export interface RecoveredState {
  /** What the gateway starts from; `state.json` holds it. */
  readonly state: StoredState;
  /** What `state.json.prev` holds (empty when it is missing or unusable). */
  readonly previousRecords: readonly PersistedRecord[];
  /** Set when `state.json` was unusable and the previous state replaced it: what to log. */
  readonly fallback?: string;
}

/**
 * Boot: which persisted deployments to start from. `state.json` when it is usable; else the
 * previous good state, re-persisted as `state.json` (the unusable file is kept next to it as
 * `state.json.corrupt-<time>`); else nothing when neither file exists (a first start). A lost
 * or damaged `state.json` with no usable previous state is a StartupError, and both files are
 * left as they are: starting empty would look healthy while every admin deployment is gone,
 * and would make the damage permanent at the first deploy.
 */
export async function recoverState(
  statePath: string,
  previousPath: string,
  /** Replaces state.json durably with this text. */
  persist: (text: string) => Promise<void>,
): Promise<RecoveredState> {
  const current = await readStateFile(statePath);
  const previous = await readStateFile(previousPath);
  const previousRecords = previous.status === 'usable' ? previous.state.records : [];
  if (current.status === 'usable') return { state: current.state, previousRecords };
  if (current.status === 'missing' && previous.status === 'missing') return { state: { revision: 0, records: [] }, previousRecords };

  const problem = current.status === 'missing' ? `${statePath} is missing` : `${statePath} cannot be read (${current.reason})`;
  if (previous.status !== 'usable') {
    const also = previous.status === 'missing' ? `${previousPath} does not exist` : `${previousPath} cannot be read either (${previous.reason})`;
    throw new StartupError(
      `The admin deployments cannot be restored: ${problem} and ${also}. ` +
        'Restore either file from a backup, or delete both to start without admin deployments.',
      EXIT_CODES.data,
    );
  }
  let kept = '';
  if (current.status === 'unusable') {
    // A copy, not a rename: state.json stays in place until the previous state replaces it.
    const aside = `${statePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(statePath, aside);
    kept = `; it was kept as ${aside}`;
  }
  await persist(previous.text);
  return {
    state: previous.state,
    previousRecords,
    fallback:
      `${problem}${kept}. Restored the previous state from ${previousPath} (${previous.state.records.length} deployment(s)): ` +
      'the last admin deploy or undeploy before the damage is lost and must be made again.',
  };
}
