import { within } from './bounded-wait.js';
import { acceptedOnce, expectedAnswer, writableHead } from './answer-expectations.js';
import type { ContractCheck } from './contract-check.js';
import { contractRequest } from './contract-request.js';
import { RecordingTarget } from './recording-target.js';

/** An echo request is answered: one accepted head, the body delivered in full and ended. */
export const forwardingCheck: ContractCheck = {
  id: 'forwarding',
  title: 'forwarding: an echo request settles as a response, its head accepted once, its body delivered in full',
  scenarios: ['echo'],
  run: (session) =>
    session.withConnector('echo', async (connector, setup) => {
      const { request, run } = contractRequest('echo', setup);
      const target = new RecordingTarget();
      const outcome = await session.forward(connector, request, target, 'an echo request');
      const head = acceptedOnce(outcome, target);
      await within('the end of the response body', session.timeouts.settle, target.bodyEnded());
      writableHead(head, target);
      expectedAnswer(setup, request, run, '', target);
    }),
};
