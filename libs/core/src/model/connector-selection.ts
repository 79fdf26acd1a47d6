import type { ApiDefinition } from './api-definition.js';
import type { EndpointSet } from './endpoint-set.js';

/** The connector one endpoint set is served by: the API's, or the set's own `x-portico-connector` over it. */
export interface ConnectorSelection {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Where the type was chosen, for problems about it. */
  readonly location: string;
  /** Where an option (its first pointer segment, unescaped) is written, for problems about it. */
  optionLocation(key: string): string;
}

/**
 * The gateway's rule, for connectors that look at every set of an API (in `prepare`): a set's own
 * choice of the API's type adds to the API's options key by key; a choice of another type takes
 * only its own options.
 */
export function connectorSelection(api: ApiDefinition, set: EndpointSet): ConnectorSelection {
  const own = set.connector;
  const apiLocation = api.connector.location ?? `${api.name}:${api.version}`;
  const apiOptions = api.connector.optionsLocation ?? `${apiLocation}/options`;
  if (own === undefined) return { type: api.connector.type, options: api.connector.options, location: apiLocation, optionLocation: () => apiOptions };
  const ownOptions = `${own.location}/options`;
  if (own.type !== undefined && own.type !== api.connector.type) {
    return { type: own.type, options: own.options, location: own.location, optionLocation: () => ownOptions };
  }
  return {
    type: api.connector.type,
    options: { ...api.connector.options, ...own.options },
    location: own.location,
    optionLocation: (key) => (Object.hasOwn(own.options, key) ? ownOptions : apiOptions),
  };
}

/** Every endpoint set of an API (API level and resource level, each key type). */
export function endpointSetsOf(api: ApiDefinition): EndpointSet[] {
  return [api.endpoints, ...api.resources.map((resource) => resource.endpoints)].flatMap((sets) => Object.values(sets).filter((set) => set !== undefined));
}

/** The connector types an API's sets use, the API's own first. */
export function connectorTypesOf(api: ApiDefinition): string[] {
  return [...new Set([api.connector.type, ...endpointSetsOf(api).map((set) => set.connector?.type ?? api.connector.type)])];
}
