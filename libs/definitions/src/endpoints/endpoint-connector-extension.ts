import type { ConnectorOverride } from '#core';
import { isObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

export const CONNECTOR_EXTENSION = 'x-portico-connector';

/**
 * `x-portico-connector` in an endpoint object: `<type>`, or `{ type?, options? }`. This set is
 * served by that connector (or by the API's, with these options over the API's); the options
 * are checked against the connector's declared schema when the API is compiled.
 */
export function readConnectorOverride(value: unknown, location: string, problems: ProblemCollector): ConnectorOverride | undefined {
  if (typeof value === 'string' && value.trim() !== '') return { type: value.trim(), options: {}, location };
  if (isObject(value) && (value.type === undefined || (typeof value.type === 'string' && value.type.trim() !== '')) && (value.options === undefined || isObject(value.options))) {
    const unknown = Object.keys(value).filter((key) => key !== 'type' && key !== 'options');
    if (unknown.length === 0) {
      return { ...(typeof value.type === 'string' && { type: value.type.trim() }), options: value.options ?? {}, location };
    }
  }
  problems.error('connector.options-invalid', `${CONNECTOR_EXTENSION} of an endpoint object must be a connector type or { type?: <connector type>, options?: { ... } }`, location);
  return undefined;
}
