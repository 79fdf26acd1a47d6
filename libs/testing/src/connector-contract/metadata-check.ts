import { contractIncompatibility } from '#core';
import type { ContractCheck } from './contract-check.js';
import { demand, shown } from './contract-verdict.js';

/** Lower-case words, dot-separated for namespaces, as the connector registry requires. */
const TYPE_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** The factory is one the gateway registers: the shape of a factory, a type, a contract version this gateway runs, sound declarations. */
export const metadataCheck: ContractCheck = {
  id: 'metadata',
  title: 'metadata: @GatewayConnector gives a type and a contract version this gateway implements',
  scenarios: [],
  run: (session) => {
    const { stamp } = session.factory();
    demand(typeof stamp.type === 'string' && TYPE_NAME.test(stamp.type), `the type ${shown(stamp.type)} is not lower-case words, dot-separated`);
    const incompatible = contractIncompatibility(stamp.contractVersion);
    demand(incompatible === undefined, `the gateway would refuse it: ${incompatible}`);
    demand(stamp.options === undefined || stamp.options.type === 'object', `the option schema is of type ${shown(stamp.options?.type)}, not object`);
    const { upgrade, probe, endpoints } = stamp.capabilities ?? {};
    demand([upgrade, probe].every((flag) => flag === undefined || typeof flag === 'boolean'), `capabilities.upgrade and .probe must be booleans: ${shown(stamp.capabilities)}`);
    demand(endpoints === undefined || endpoints === 'required' || endpoints === 'none', `capabilities.endpoints is ${shown(endpoints)}, not 'required' or 'none'`);
    return Promise.resolve();
  },
};
