import type { CallResult } from '#testing';

export interface LoadSpec {
  readonly total: number;
  /** Clients sending at once, each one request after the other. */
  readonly concurrency: number;
  readonly send: () => Promise<CallResult>;
  /** Runs once, when this many requests have completed (e.g. to kill a backend under load); awaited before the report. */
  readonly after?: { readonly completed: number; readonly run: () => Promise<unknown> };
}

/**
 * What the clients saw, counted by outcome: the `backend` named in a 200's JSON body, else
 * `status <code>: <body>` or `error: <message>`, so a failing assertion shows every kind of failure.
 */
export type LoadOutcomes = Record<string, number>;

/** Sends `total` requests from `concurrency` clients and counts what each one got. */
export async function runLoad(spec: LoadSpec): Promise<LoadOutcomes> {
  const outcomes: LoadOutcomes = {};
  let started = 0;
  let completed = 0;
  let action: Promise<unknown> | undefined;
  const client = async (): Promise<void> => {
    while (started < spec.total) {
      started++;
      const outcome = await outcomeOf(spec.send);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      completed++;
      if (spec.after !== undefined && completed === spec.after.completed) action = spec.after.run();
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  await action;
  return outcomes;
}

async function outcomeOf(send: () => Promise<CallResult>): Promise<string> {
  try {
    const res = await send();
    if (res.status !== 200) return `status ${res.status}: ${res.text.slice(0, 300)}`;
    return res.json<{ backend: string }>().backend;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}
