import { within } from './bounded-wait.js';
import type { ContractCheck } from './contract-check.js';
import { demand, shown } from './contract-verdict.js';
import { connectionClosed, hangingRequest } from './hanging-request.js';

/** A request whose endpoint never answers settles as `timeout` once its `timeoutMs` passed (bounded, not measured). */
export const timeoutCheck: ContractCheck = {
  id: 'timeout',
  title: 'timeout: a request with a small timeoutMs to an endpoint that never answers settles as a timeout failure',
  scenarios: ['hang'],
  run: (session) =>
    session.withConnector('hang', async (connector, setup) => {
      const { requestTimeout, timeoutGrace } = session.timeouts;
      const hanging = await hangingRequest(session, connector, setup, { timeoutMs: requestTimeout, untilStarted: false });
      const outcome = await within(`settling a request with timeoutMs ${requestTimeout}`, requestTimeout + timeoutGrace, hanging.outcome);
      demand(outcome.kind === 'failure' && outcome.failure === 'timeout', `the request settled as ${shown(outcome)}, not a timeout failure`);
      demand(!outcome.headSent && hanging.target.heads.length === 0, 'a head was accepted for a request the endpoint never answered');
      await connectionClosed(session, setup, hanging.run, 'after the timeout');
    }),
};
