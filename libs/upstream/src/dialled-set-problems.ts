import type { ClusterSpec, EndpointScheme, Problem } from '#core';
import type { UpstreamDestinationPolicy } from '#settings';
import type { BackendTls } from './backend-tls.js';
import { endpointDestinationProblems } from './endpoint-destinations.js';

/**
 * Deploy-time checks every connector that dials network endpoints makes of its cluster: it takes
 * no options, its URLs have the schemes it speaks, the destination rules allow them, and their
 * TLS settings name configured certificates.
 */
export function dialledSetProblems(
  spec: ClusterSpec,
  connector: { readonly type: string; readonly schemes: readonly EndpointScheme[] },
  destinations: UpstreamDestinationPolicy,
  backendTls: BackendTls,
): Problem[] {
  const problems: Problem[] = Object.keys(spec.options).map((key) => ({
    code: 'connector.options-invalid',
    message: `the ${connector.type} connector takes no option '${key}'`,
    location: `#/x-portico-connector/options/${key}`,
  }));
  spec.endpointSet.urls.forEach((url, i) => {
    if (!connector.schemes.includes(url.scheme)) {
      problems.push({
        code: 'endpoint.scheme-unsupported',
        message: `the ${connector.type} connector calls ${connector.schemes.join(' and ')} endpoints, not ${url.scheme}: ${url.rawUrl}`,
        location: `${spec.endpointSet.location}/urls/${i}`,
      });
    }
  });
  problems.push(...endpointDestinationProblems(spec.endpointSet, destinations));
  problems.push(...backendTls.problems(spec.endpointSet));
  return problems;
}
