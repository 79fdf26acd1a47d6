import { within } from './bounded-wait.js';
import type { ContractCheck } from './contract-check.js';
import { demand, shown } from './contract-verdict.js';
import { connectionClosed, hangingRequest } from './hanging-request.js';

/** Cancelling a request under way settles it promptly as `aborted`, and the endpoint sees its connection closed. */
export const abortCheck: ContractCheck = {
  id: 'abort',
  title: 'abort propagation: cancelling a request under way settles it as an aborted failure and closes its connection',
  scenarios: ['hang'],
  run: (session) =>
    session.withConnector('hang', async (connector, setup) => {
      const hanging = await hangingRequest(session, connector, setup, { untilStarted: true });
      hanging.cancellation.request();
      const hint = hanging.cancellation.registered ? '' : ' (it registered no cancel function with request.cancellation.onCancel)';
      const outcome = await within(`settling the cancelled request${hint}`, session.timeouts.settle, hanging.outcome);
      demand(outcome.kind === 'failure' && outcome.failure === 'aborted', `the cancelled request settled as ${shown(outcome)}, not an aborted failure`);
      demand(!outcome.headSent && hanging.target.heads.length === 0, 'a head was accepted for a request the endpoint never answered');
      await connectionClosed(session, setup, hanging.run, 'after the cancellation');
    }),
};
