import { abortCheck } from './abort-check.js';
import { capabilitiesCheck } from './capabilities-check.js';
import { connectFailureCheck } from './connect-failure-check.js';
import type { ContractCheck } from './contract-check.js';
import type { ContractCheckId } from './contract-subject.js';
import { declinedHeadCheck } from './declined-head-check.js';
import { disposeCheck } from './dispose-check.js';
import { fingerprintOptionsCheck, validateAndFingerprintCheck } from './fingerprint-checks.js';
import { forwardingCheck } from './forwarding-check.js';
import { metadataCheck } from './metadata-check.js';
import { probeCheck, unreachableProbeCheck } from './probe-check.js';
import { requestStreamingCheck } from './request-streaming-check.js';
import { responseStreamingCheck } from './response-streaming-check.js';
import { timeoutCheck } from './timeout-check.js';

/** The connector contract suite, in the order it runs: declarations first, then requests, then cleanup and probes. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  metadataCheck,
  capabilitiesCheck,
  validateAndFingerprintCheck,
  fingerprintOptionsCheck,
  forwardingCheck,
  requestStreamingCheck,
  responseStreamingCheck,
  declinedHeadCheck,
  abortCheck,
  timeoutCheck,
  connectFailureCheck,
  disposeCheck,
  probeCheck,
  unreachableProbeCheck,
];

export function contractCheck(id: ContractCheckId): ContractCheck {
  const check = CONTRACT_CHECKS.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no contract check ${id}`);
  return check;
}
