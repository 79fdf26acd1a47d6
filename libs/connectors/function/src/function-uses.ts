import type { ApiDefinition, EndpointSet } from '#core';

export const FUNCTION_TYPE = 'function';

/** One endpoint set of an API served by the `function` connector: its options as written (unchecked) and where. */
export interface FunctionUse {
  readonly options: Readonly<Record<string, unknown>>;
  /** Where an option is written, e.g. `Definitions/swagger.yaml#/x-portico-connector/options/module`. */
  optionLocation(key: string): string;
}

/**
 * The sets of an API the `function` connector serves, with each set's options, by the gateway's
 * rule (a connector lib cannot import #routing's): a set's own `x-portico-connector` of the same
 * type adds to the API's options key by key; one naming the type while the API uses another
 * takes only its own options.
 */
export function functionUsesOf(api: ApiDefinition): FunctionUse[] {
  return endpointSetsOf(api).flatMap((set) => {
    const use = functionUseOf(api, set);
    return use === undefined ? [] : [use];
  });
}

function functionUseOf(api: ApiDefinition, set: EndpointSet): FunctionUse | undefined {
  const own = set.connector;
  const type = own?.type ?? api.connector.type;
  if (type !== FUNCTION_TYPE) return undefined;
  const apiOptions = api.connector.optionsLocation ?? `${api.connector.location ?? `${api.name}:${api.version}`}/options`;
  if (own === undefined) return { options: api.connector.options, optionLocation: (key) => `${apiOptions}/${key}` };
  const ownOptions = `${own.location}/options`;
  if (api.connector.type !== FUNCTION_TYPE) return { options: own.options, optionLocation: (key) => `${ownOptions}/${key}` };
  return {
    options: { ...api.connector.options, ...own.options },
    optionLocation: (key) => `${Object.hasOwn(own.options, key) ? ownOptions : apiOptions}/${key}`,
  };
}

function endpointSetsOf(api: ApiDefinition): EndpointSet[] {
  return [api.endpoints, ...api.resources.map((resource) => resource.endpoints)].flatMap((sets) => Object.values(sets).filter((set) => set !== undefined));
}
