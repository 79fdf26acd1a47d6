import type { ConnectorStamp } from '#core';
import type { ContractCheck } from './contract-check.js';
import { endpointOf } from './contract-request.js';
import { demand, shown } from './contract-verdict.js';
import { probeOnce } from './probe-calls.js';

const undeclared = (stamp: ConnectorStamp): string | undefined =>
  stamp.capabilities?.probe === true ? undefined : 'the connector does not declare capabilities.probe';

/** Probes (spec §8.2) of a live endpoint: healthy by connect and by GET; with an aborted signal they still resolve. */
export const probeCheck: ContractCheck = {
  id: 'probe',
  title: 'probe: a live endpoint is healthy (connect and GET), an aborted probe resolves, none throws',
  scenarios: ['echo'],
  notApplicable: undeclared,
  run: (session) =>
    session.withConnector('echo', async (connector, setup) => {
      const endpoint = endpointOf(setup);
      const signal = AbortSignal.timeout(session.timeouts.cleanup);
      const connect = await probeOnce(session, connector, endpoint, undefined, signal, 'a live endpoint (connect)');
      demand(connect.healthy, `a live endpoint probed unhealthy: ${shown(connect)}`);
      const path = setup.request?.path ?? '/contract/echo';
      const get = await probeOnce(session, connector, endpoint, path, signal, `a live endpoint (GET ${path})`);
      demand(get.healthy, `a live endpoint probed unhealthy with GET ${path}: ${shown(get)}`);
      const aborted = new AbortController();
      aborted.abort();
      await probeOnce(session, connector, endpoint, undefined, aborted.signal, 'a live endpoint with an aborted signal');
    }),
};

/** A probe of an unreachable endpoint resolves unhealthy, saying why (for the admin health view), and does not throw. */
export const unreachableProbeCheck: ContractCheck = {
  id: 'probe-unreachable',
  title: 'probe: an unreachable endpoint is unhealthy with a detail saying why, without throwing',
  scenarios: ['down'],
  notApplicable: undeclared,
  run: (session) =>
    session.withConnector('down', async (connector, setup) => {
      const down = await probeOnce(session, connector, endpointOf(setup), undefined, AbortSignal.timeout(session.timeouts.cleanup), 'an unreachable endpoint');
      demand(!down.healthy, 'an unreachable endpoint probed healthy');
      demand(typeof down.detail === 'string' && down.detail !== '', `an unreachable endpoint probed unhealthy without a detail saying why: ${shown(down)}`);
    }),
};
