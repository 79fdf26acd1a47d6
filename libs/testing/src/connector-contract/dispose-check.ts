import type { Connector } from '#core';
import { within } from './bounded-wait.js';
import type { ContractCheck } from './contract-check.js';
import { contractRequest, endpointOf, newRun } from './contract-request.js';
import type { ScenarioSetup } from './contract-scenario.js';
import type { ContractSession } from './contract-session.js';
import { demand } from './contract-verdict.js';
import type { FactoryUnderTest } from './factory-under-test.js';
import { connectionClosed } from './hanging-request.js';
import { probeOnce } from './probe-calls.js';
import { RecordingTarget } from './recording-target.js';

/**
 * dispose() resolves, twice, and leaves no connection open: after an answered request (whose
 * keep-alive connection a pool holds) and a GET probe, the endpoint sees their connections closed.
 */
export const disposeCheck: ContractCheck = {
  id: 'dispose',
  title: 'dispose: resolves when called twice and closes the connections the connector held',
  scenarios: ['echo'],
  run: async (session) => {
    const factory = session.factory();
    const setup = await session.setup('echo');
    const connector = await factory.connectorFor(setup.spec);
    try {
      await useThenDispose(session, factory, setup, connector);
    } catch (error) {
      await session.dispose(connector).catch(() => undefined);
      throw error;
    }
  },
};

async function useThenDispose(session: ContractSession, factory: FactoryUnderTest, setup: ScenarioSetup, connector: Connector): Promise<void> {
  /** Runs whose connections the connector may hold open. */
  const held: string[] = [];
  const { request, run } = contractRequest('echo', setup);
  const target = new RecordingTarget();
  const outcome = await session.forward(connector, request, target, 'an echo request');
  demand(outcome.kind === 'response', 'the echo request before dispose() was not answered');
  await within('the end of the response body', session.timeouts.settle, target.bodyEnded());
  if (setup.answer === undefined) held.push(run);
  if (factory.stamp.capabilities?.probe === true && connector.probe !== undefined) {
    const probeRun = newRun('echo');
    const path = `${setup.request?.path ?? '/contract/echo'}?contract-run=${probeRun}`;
    const probed = await probeOnce(session, connector, endpointOf(setup), path, AbortSignal.timeout(session.timeouts.cleanup), `GET ${path}`);
    if (probed.healthy) held.push(probeRun);
  }
  await within('the first dispose()', session.timeouts.cleanup, Promise.resolve().then(() => connector.dispose()));
  await within('the second dispose()', session.timeouts.cleanup, Promise.resolve().then(() => connector.dispose()));
  for (const heldRun of held) await connectionClosed(session, setup, heldRun, 'after dispose()');
}
