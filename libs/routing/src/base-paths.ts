import type { ApiDefinition } from '#core';

/**
 * The base paths an API is served under: its own, plus the unversioned one when it is the
 * default version (spec §5.5): the version segment removed from the base path.
 */
export function basePathsOf(api: ApiDefinition): string[] {
  const paths = [api.basePath];
  if (!api.isDefaultVersion) return paths;
  const segment = '/' + api.version;
  let unversioned: string | undefined;
  if (api.basePath.endsWith(segment)) unversioned = api.basePath.slice(0, -segment.length);
  else if (api.basePath.includes(segment + '/')) unversioned = api.basePath.replace(segment + '/', '/');
  if (unversioned !== undefined) paths.push(unversioned === '' ? '/' : unversioned);
  return paths;
}
