import type { EndpointSet, EndpointSets, KeyType } from '#core';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import { deepFreeze } from '../json/deep-freeze.js';
import type { EndpointTrust } from '../trust/endpoint-certificates.js';
import type { SecurityByKey } from './backend-security.js';
import type { DraftsByKey } from './endpoint-merger.js';

/**
 * Endpoint sets of an API that names no endpoints: a mock API (spec §10.5), or one whose
 * `x-portico-connector` calls none. Whether its connector may go without URLs is checked when the
 * API is compiled, against the connector's declared capabilities.
 */
export function endpointlessSets(location: string): EndpointSets {
  return deepFreeze({
    PRODUCTION: { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE', location },
    SANDBOX: { name: 'SANDBOX', urls: [], policy: 'LOAD_BALANCE', location },
  });
}

/**
 * Turns the merged drafts into the model's endpoint sets: the set's own backend security, else the
 * key type's API-level one, attached; URLs given their trusted certificates. A draft used several times for one key type
 * (an `x-wso2-endpoints` reference) becomes one shared set.
 */
export function finalizeEndpointSets(
  api: DraftsByKey,
  resources: readonly DraftsByKey[],
  security: SecurityByKey,
  trust: EndpointTrust,
): { api: EndpointSets; resources: EndpointSets[] } {
  const made = new Map<EndpointDraft, Partial<Record<KeyType, EndpointSet>>>();
  const setOf = (draft: EndpointDraft, key: KeyType): EndpointSet => {
    const known = made.get(draft)?.[key];
    if (known) return known;
    // The API-level set's own securityConfig is already in `security`, with its environment overrides.
    const own = draft === api[key] ? undefined : draft.securityConfig;
    const set = toEndpointSet(draft, own ?? security[key], trust);
    made.set(draft, { ...made.get(draft), [key]: set });
    return set;
  };
  const setsOf = (drafts: DraftsByKey): EndpointSets => {
    const sets: Partial<Record<KeyType, EndpointSet>> = {};
    for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
      const draft = drafts[key];
      if (draft) sets[key] = setOf(draft, key);
    }
    return sets;
  };
  return { api: setsOf(api), resources: resources.map(setsOf) };
}

function toEndpointSet(draft: EndpointDraft, security: EndpointSet['security'], trust: EndpointTrust): EndpointSet {
  const set: EndpointSet = {
    name: draft.name,
    urls: draft.urls.map(trust),
    policy: draft.policy,
    location: draft.location,
    ...(draft.retry && { retry: draft.retry }),
    ...(draft.timeoutMs !== undefined && { timeoutMs: draft.timeoutMs }),
    ...(draft.circuitBreakers && { circuitBreakers: draft.circuitBreakers }),
    ...(draft.balancer && { balancer: draft.balancer }),
    ...(draft.healthCheck && { healthCheck: draft.healthCheck }),
    ...(draft.tls && { tls: draft.tls }),
    ...(draft.connector && { connector: draft.connector }),
    ...(security && { security }),
  };
  return set;
}
