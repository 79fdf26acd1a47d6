import type { Connector, ProbeResult } from '#core';
import { within } from './bounded-wait.js';
import type { ContractSession } from './contract-session.js';
import { ContractViolation, demand, shown } from './contract-verdict.js';

/** probe(), bounded, its result checked for shape; a throw or a rejection is a violation (probes never throw). */
export async function probeOnce(session: ContractSession, connector: Connector, endpoint: number, path: string | undefined, signal: AbortSignal, what: string): Promise<ProbeResult> {
  const probe = connector.probe?.bind(connector);
  demand(probe !== undefined, 'the connector has no probe()');
  let result: ProbeResult;
  try {
    result = await within(`probe() of ${what}`, session.timeouts.cleanup, Promise.resolve().then(() => probe(endpoint, path, signal)));
  } catch (error) {
    if (error instanceof ContractViolation) throw error;
    throw new ContractViolation(`probe() of ${what} threw instead of resolving unhealthy: ${shown(error)}`);
  }
  demand(typeof result?.healthy === 'boolean', `probe() of ${what} resolved to ${shown(result)}, not a ProbeResult`);
  return result;
}
