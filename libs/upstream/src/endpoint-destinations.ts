import type { EndpointSet, Problem } from '#core';
import { readEndpointHost, type UpstreamDestinationPolicy } from '#settings';

/**
 * Deploy-time destination check of an endpoint set (the connect-time check in
 * guarded-connector.ts covers names and ports bound later). The location is the set's own: its
 * URLs sit at different pointers depending on where they were written (endpoint object,
 * `servers`, `host`, api.yaml), so the message names the URL.
 */
export function endpointDestinationProblems(set: EndpointSet, policy: UpstreamDestinationPolicy): Problem[] {
  const problems: Problem[] = [];
  for (const url of set.urls) {
    const host = readEndpointHost(url.host);
    if (host.kind === 'invalid') {
      problems.push({
        code: 'endpoint.host-invalid',
        message: `endpoint ${url.rawUrl}: host "${url.host}" ends in a number but is not an IPv4 address`,
        location: set.location,
      });
      continue;
    }
    const denial = policy.checkEndpoint(host, url.port);
    if (denial) {
      problems.push({ code: 'endpoint.destination-denied', message: `endpoint ${url.rawUrl} is refused: ${denial.reason}`, location: set.location });
    }
  }
  return problems;
}
