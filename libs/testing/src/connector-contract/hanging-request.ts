import type { Connector, ForwardOutcome } from '#core';
import { pause, within } from './bounded-wait.js';
import { type ContractRequest, contractRequest } from './contract-request.js';
import type { ScenarioSetup } from './contract-scenario.js';
import type { ContractSession } from './contract-session.js';
import { ContractViolation, shown } from './contract-verdict.js';
import { RecordingTarget } from './recording-target.js';

/** How long to let a hang request start when the witness cannot say it arrived. */
const START_PAUSE_MS = 100;

/** A request to the `hang` scenario in flight: its outcome, once the connector settles it. */
export interface HangingRequest extends ContractRequest {
  readonly target: RecordingTarget;
  readonly outcome: Promise<ForwardOutcome>;
}

/**
 * Sends a request to the `hang` endpoint. With `untilStarted`, waits until it is under way: until
 * the witness saw it arrive, else a short pause; settling before that is a violation (nothing
 * answered it, nothing cancelled it).
 */
export async function hangingRequest(
  session: ContractSession,
  connector: Connector,
  setup: ScenarioSetup,
  { timeoutMs, untilStarted }: { readonly timeoutMs?: number; readonly untilStarted: boolean },
): Promise<HangingRequest> {
  const sent = contractRequest('hang', setup, { timeoutMs });
  const target = new RecordingTarget();
  const outcome = Promise.resolve().then(() => connector.forward(sent.request, target));
  if (untilStarted) {
    const early = outcome.then(
      (settled) => Promise.reject(new ContractViolation(`the hang request settled before anything happened to it: ${shown(settled)}`)),
      (error: unknown) => Promise.reject(new ContractViolation(`forward() failed on the hang request: ${shown(error)}`)),
    );
    // Observed in every case, so a settle after the race below is no unhandled rejection.
    early.catch(() => undefined);
    const arrived = setup.witness?.arrived?.(sent.run);
    const started = arrived === undefined ? pause(START_PAUSE_MS) : within('the hang request reaching the endpoint', session.timeouts.settle, arrived);
    await Promise.race([started, early]);
  }
  return { ...sent, target, outcome };
}

/** Waits until the endpoint saw the run's connection close, when its witness can tell. */
export async function connectionClosed(session: ContractSession, setup: ScenarioSetup, run: string, after: string): Promise<void> {
  const closed = setup.witness?.closed?.(run);
  if (closed !== undefined) await within(`the endpoint seeing the connection closed ${after}`, session.timeouts.cleanup, closed);
}
