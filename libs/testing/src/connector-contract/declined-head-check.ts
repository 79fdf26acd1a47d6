import type { ContractCheck } from './contract-check.js';
import { contractRequest } from './contract-request.js';
import { demand, shown } from './contract-verdict.js';
import { RecordingTarget } from './recording-target.js';

/** A declined head (the route retries its status) still settles as a response: the connector has no stream to write to and must not trip over that. */
export const declinedHeadCheck: ContractCheck = {
  id: 'declined-head',
  title: 'declined head: when accept() returns null the connector still settles with a response outcome without failing on the missing body stream',
  scenarios: ['echo'],
  run: (session) =>
    session.withConnector('echo', async (connector, setup) => {
      const { request } = contractRequest('echo', setup);
      const target = new RecordingTarget({ decline: true });
      const outcome = await session.forward(connector, request, target, 'an echo request whose head is declined');
      demand(outcome.kind === 'response', `the outcome of a declined head is ${shown(outcome)}, not a response`);
      demand(target.heads.length === 1, `accept() was called ${target.heads.length} times, not once`);
      demand(outcome.statusCode === target.heads[0].statusCode, `the outcome says ${outcome.statusCode}, the declined head ${target.heads[0].statusCode}`);
    }),
};
