import type { BackendAuth, KeyType } from '#core';
import { apiYamlEndpointSecurity } from '../api-yaml/api-yaml-endpoints.js';
import type { ApiYamlInfo } from '../api-yaml/api-yaml.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { DraftsByKey } from './endpoint-merger.js';

export type SecurityByKey = Partial<Record<KeyType, BackendAuth>>;

/**
 * The API-level backend security per key type (spec §12): the `securityConfig` of the API-level
 * endpoint object, else api.yaml's enabled `endpoint_security`. It applies to every endpoint set
 * of that key type that has no `securityConfig` of its own (Choreo Connect ignores those; Portico
 * honours them, spec §18 item 7).
 */
export function backendSecurity(api: DraftsByKey, apiYaml: ApiYamlInfo | undefined, problems: ProblemCollector): SecurityByKey {
  const security: SecurityByKey = {};
  for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
    const auth = api[key]?.securityConfig ?? (apiYaml ? apiYamlEndpointSecurity(apiYaml, key, problems) : undefined);
    if (auth) security[key] = auth;
  }
  return security;
}
