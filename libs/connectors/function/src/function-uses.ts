import { type ApiDefinition, type ConnectorSelection, connectorSelection, endpointSetsOf } from '#core';

export const FUNCTION_TYPE = 'function';

/** One endpoint set of an API served by the `function` connector: its options as written (unchecked) and where. */
export type FunctionUse = ConnectorSelection;

/** The sets of an API the `function` connector serves, with each set's options, by the gateway's own rule. */
export function functionUsesOf(api: ApiDefinition): FunctionUse[] {
  return endpointSetsOf(api)
    .map((set) => connectorSelection(api, set))
    .filter((selection) => selection.type === FUNCTION_TYPE);
}
