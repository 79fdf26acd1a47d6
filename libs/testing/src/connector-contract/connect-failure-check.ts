import type { ContractCheck } from './contract-check.js';
import { contractRequest } from './contract-request.js';
import { demand, shown } from './contract-verdict.js';
import { RecordingTarget } from './recording-target.js';

/** An unreachable endpoint settles as a `connect` failure (which the data plane may retry elsewhere), with no head. */
export const connectFailureCheck: ContractCheck = {
  id: 'connect-failure',
  title: 'connect failure: a request to an unreachable endpoint settles as a connect failure',
  scenarios: ['down'],
  run: (session) =>
    session.withConnector('down', async (connector, setup) => {
      const { request } = contractRequest('down', setup);
      const target = new RecordingTarget();
      const outcome = await session.forward(connector, request, target, 'a request to an unreachable endpoint');
      const denied = outcome.kind === 'failure' && outcome.failure === 'denied' ? ' (denied: the destination rules refuse the scenario, which they should allow)' : '';
      demand(outcome.kind === 'failure' && outcome.failure === 'connect', `the request settled as ${shown(outcome)}, not a connect failure${denied}`);
      demand(!outcome.headSent && target.heads.length === 0, 'a head was accepted for an endpoint that cannot be reached');
    }),
};
