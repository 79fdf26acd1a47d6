import type { ClusterSpec } from '#core';
import type { ContractCheck } from './contract-check.js';
import type { ConnectorContractSubject } from './contract-subject.js';
import { demand, shown } from './contract-verdict.js';
import { derivedOptionsVariant } from './options-variant.js';

/** A valid spec validates without problems, and equal specs have one fingerprint (a redeploy keeps the live connector). */
export const validateAndFingerprintCheck: ContractCheck = {
  id: 'validate-and-fingerprint',
  title: 'validate and fingerprint: a valid spec has no problems; equal specs have the same fingerprint',
  scenarios: [],
  run: async (session) => {
    const factory = session.factory();
    const first = await factory.deployable((await session.anySetup()).spec);
    const second = await factory.deployable((await session.anySetup()).spec);
    const print = factory.factory.fingerprint(first);
    demand(typeof print === 'string' && print !== '', `fingerprint() gave ${shown(print)}, not a text`);
    demand(factory.factory.fingerprint(first) === print, 'fingerprint() of the same spec changed between two calls');
    demand(factory.factory.fingerprint(second) === print, 'fingerprint() differs for two equal specs: every redeploy would replace the live connector');
  },
};

/** The options another cluster would have, for the fingerprint check. */
function variantOf(subject: ConnectorContractSubject, schema: Parameters<typeof derivedOptionsVariant>[0], spec: ClusterSpec): Record<string, unknown> | undefined {
  return subject.optionsVariant ?? derivedOptionsVariant(schema, spec.options);
}

/** Different options give a different fingerprint: a redeploy that changes them gets a new connector. */
export const fingerprintOptionsCheck: ContractCheck = {
  id: 'fingerprint-options',
  title: 'fingerprint: differs when the options differ',
  scenarios: [],
  notApplicable: (stamp, subject) => {
    if (subject.optionsVariant !== undefined) return undefined;
    if (Object.keys(stamp.options?.properties ?? {}).length === 0) return 'the connector declares no options';
    return derivedOptionsVariant(stamp.options, {}) === undefined ? 'no declared option can be varied by the kit: give the subject an optionsVariant' : undefined;
  },
  run: async (session) => {
    const factory = session.factory();
    const base = await factory.deployable((await session.anySetup()).spec);
    const options = variantOf(session.subject, factory.stamp.options, base);
    demand(options !== undefined, 'no options variant (give the subject an optionsVariant)');
    const api = { ...base.api, connector: { ...base.api.connector, options } };
    const other = await factory.deployable({ ...base, api, options });
    demand(
      factory.factory.fingerprint(other) !== factory.factory.fingerprint(base),
      `fingerprint() is the same for options ${shown(base.options)} and ${shown(other.options)}: a redeploy changing them would keep the old connector`,
    );
  },
};
