import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import type { EndpointRegistry } from '../endpoints/endpoint-references.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { DraftsByKey } from './endpoint-merger.js';

/**
 * Checks of the merged endpoints (spec §3.5): an API needs an endpoint (API level, or on every
 * resource); an API that declares `x-wso2-endpoints` needs one base path across all its sets
 * (Choreo Connect's strict base path); elsewhere sets whose URLs differ in base path are
 * accepted, with a warning, because Portico computes the upstream path per endpoint.
 */
export function validateEndpoints(
  api: DraftsByKey,
  resources: readonly DraftsByKey[],
  registry: EndpointRegistry,
  options: { readonly definitionFile: string; readonly requireEndpoints: boolean },
  problems: ProblemCollector,
): void {
  const apiLevel = [api.PRODUCTION, api.SANDBOX].filter(isDraft);
  const everyResourceHasOne = resources.length > 0 && resources.every((r) => r.PRODUCTION || r.SANDBOX);
  if (options.requireEndpoints && apiLevel.length === 0 && !everyResourceHasOne) {
    problems.error('endpoints.none', 'no endpoints are provided for the API', options.definitionFile);
  }
  const sets = uniqueByLocation([...apiLevel, ...resources.flatMap((r) => [r.PRODUCTION, r.SANDBOX].filter(isDraft)), ...registry.drafts.values()]);
  if (registry.declared.size > 0) checkStrictBasePath(sets, problems);
  else warnDifferingBasePaths(sets, problems);
}

function checkStrictBasePath(sets: readonly EndpointDraft[], problems: ProblemCollector): void {
  const reference = sets.find((s) => s.urls.length > 0);
  if (!reference) return;
  const expected = reference.urls[0].basePath;
  for (const set of sets) {
    const odd = set.urls.find((u) => u.basePath !== expected);
    if (!odd) continue;
    problems.error(
      'endpoint.basepath-mismatch',
      `endpoint ${odd.rawUrl} has base path "${odd.basePath}", but an API with x-wso2-endpoints needs one base path for all its endpoints ("${expected}" from ${reference.location})`,
      set.location,
    );
  }
}

function warnDifferingBasePaths(sets: readonly EndpointDraft[], problems: ProblemCollector): void {
  for (const set of sets) {
    const paths = new Set(set.urls.map((u) => u.basePath));
    if (paths.size < 2) continue;
    problems.warn(
      'endpoint.basepath-differs',
      `the endpoints of ${set.name} have different base paths (${[...paths].map((p) => `"${p}"`).join(', ')}); Portico uses each endpoint's own base path, Choreo Connect would not create this cluster`,
      set.location,
    );
  }
}

function isDraft(value: EndpointDraft | undefined): value is EndpointDraft {
  return value !== undefined;
}

/** A set used in several places (a reference, or a copy with api.yaml settings) is checked once. */
function uniqueByLocation(sets: readonly EndpointDraft[]): EndpointDraft[] {
  return [...new Map(sets.map((s) => [s.location, s])).values()];
}
