import { type ClusterHandle, REQUEST_ERRORS, type RequestErrorSpec, type RouteMatch } from '#core';

/**
 * The cluster an authenticated caller's key type selects (spec §7.2): the resource's set for that
 * key type, else the API's (already merged into `match.clusters` at deploy time), or the 401 of
 * §7.3. Routes whose connector answers every key type (mock, §7.1) skip the selection.
 */
export function clusterForKeyType(match: RouteMatch, keyType: string): ClusterHandle | RequestErrorSpec {
  const { clusters } = match;
  if (match.keyTypeIndependent) return clusterWithoutKeyType(match);
  if (keyType === 'PRODUCTION') return clusters.PRODUCTION ?? REQUEST_ERRORS.noProductionEndpoint;
  if (keyType === 'SANDBOX') return clusters.SANDBOX ?? REQUEST_ERRORS.noSandboxEndpoint;
  return REQUEST_ERRORS.invalidKeyType;
}

/** Security disabled: production if the resource has it, else sandbox (spec §7.1). */
export function clusterWithoutKeyType(match: RouteMatch): ClusterHandle | RequestErrorSpec {
  return match.clusters.PRODUCTION ?? match.clusters.SANDBOX ?? REQUEST_ERRORS.upstreamNotConfigured;
}
