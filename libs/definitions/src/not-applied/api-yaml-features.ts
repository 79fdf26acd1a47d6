import type { ApiYamlInfo } from '../api-yaml/api-yaml.js';
import { childPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { restrictedTransport } from './definition-features.js';
import { isUnlimitedTier, warnNotApplied } from './not-applied.js';

const POLICY_FLOWS = ['request', 'response', 'fault'] as const;

/**
 * api.yaml fields Portico does not apply yet (spec §3.2): throttling policies and subscription
 * tiers (the `Unlimited` every export carries limits nothing), operation and
 * API policies, response caching and transports. Endpoint security is warned where the
 * endpoints are read; failovers and retryTimeOut are applied.
 */
export function warnUnappliedApiYamlFields(info: ApiYamlInfo, root: JsonObject, problems: ProblemCollector): void {
  const data = info.dataPointer === '' ? root : isObject(root.data) ? root.data : {};
  const at = (...segments: (string | number)[]): string => locationOf(info.file, childPointer(info.dataPointer, ...segments));
  if (!isUnlimitedTier(data.apiThrottlingPolicy)) {
    warnNotApplied(problems, 'throttling', `apiThrottlingPolicy: ${String(data.apiThrottlingPolicy)}`, at('apiThrottlingPolicy'));
  }
  const tiers = Array.isArray(data.policies) ? data.policies.filter((tier) => !isUnlimitedTier(tier)) : [];
  if (tiers.length > 0) warnNotApplied(problems, 'throttling', `subscription tiers (policies) ${tiers.join(', ')}`, at('policies'));
  if (hasPolicies(data.apiPolicies)) warnNotApplied(problems, 'api-policies', 'apiPolicies', at('apiPolicies'));
  if (Array.isArray(data.operations)) {
    data.operations.forEach((operation: unknown, i) => {
      if (!isObject(operation)) return;
      const name = `${String(operation.verb ?? '')} ${String(operation.target ?? '')}`.trim();
      if (!isUnlimitedTier(operation.throttlingPolicy)) {
        warnNotApplied(problems, 'throttling', `throttlingPolicy ${String(operation.throttlingPolicy)} of ${name}`, at('operations', i, 'throttlingPolicy'));
      }
      if (hasPolicies(operation.operationPolicies)) {
        warnNotApplied(problems, 'api-policies', `operationPolicies of ${name}`, at('operations', i, 'operationPolicies'));
      }
    });
  }
  if (data.responseCachingEnabled === true || data.responseCachingEnabled === 'true') {
    warnNotApplied(problems, 'response-cache', 'responseCachingEnabled: true', at('responseCachingEnabled'));
  }
  const transport = restrictedTransport(data.transport);
  if (transport) warnNotApplied(problems, 'transports', `transport: [${transport}] (one of HTTP and HTTPS only)`, at('transport'));
}

/** Policy specs and templates of the project's `Policies/` folder (spec §3.1): one warning for all. */
export function warnPolicyFiles(paths: readonly string[], problems: ProblemCollector): void {
  if (paths.length === 0) return;
  const folder = paths[0].slice(0, paths[0].indexOf('Policies/') + 'Policies/'.length);
  warnNotApplied(problems, 'api-policies', `the ${paths.length} policy file(s) of ${folder}`, folder);
}

/** `{ request: [...], response: [...], fault: [...] }` with at least one policy in a flow. */
function hasPolicies(value: unknown): boolean {
  return isObject(value) && POLICY_FLOWS.some((flow) => Array.isArray(value[flow]) && value[flow].length > 0);
}
