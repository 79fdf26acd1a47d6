import type { ApiType, ConnectorChoice } from '#core';
import { SOAP_EXTENSION } from '../definition/soap-extension.js';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { UrlFamily } from '../endpoints/endpoint-url.js';

const BY_API_TYPE: Readonly<Record<ApiType, string>> = {
  HTTP: 'rest',
  GRAPHQL: 'rest',
  // Pass-through (spec §10.3): the soap connector streams envelopes as they are.
  SOAP: 'soap',
  WS: 'websocket',
};

/**
 * The backend type of an API: `mock` for api.yaml MOCKED_OAS or a root `x-portico-mock`
 * (`true`, or an object of mock options; `enabled: false` turns it off); else a root
 * `x-portico-connector` (`<type>` or `{ type, options }`, checked later against the registered
 * connectors); else `soap` for a root `x-portico-soap` (REST-to-SOAP); else by API type.
 */
export function chooseConnector(root: JsonObject, file: string, apiType: ApiType, mockedByApiYaml: boolean, problems: ProblemCollector): ConnectorChoice {
  const mockLocation = locationOf(file, jsonPointer('x-portico-mock'));
  const mock = readMockExtension(root['x-portico-mock'], mockLocation, problems);
  // x-portico-mock is its options (less `enabled`), wherever the mock was chosen.
  if (mockedByApiYaml) return { type: 'mock', options: mock ?? {}, location: 'api.yaml#/data/endpointImplementationType', optionsLocation: mockLocation };
  if (mock) return { type: 'mock', options: mock, location: mockLocation, optionsLocation: mockLocation };
  const connector = root['x-portico-connector'];
  const connectorLocation = locationOf(file, jsonPointer('x-portico-connector'));
  if (connector !== undefined) {
    const chosen = readConnectorExtension(connector);
    if (chosen) return { ...chosen, location: connectorLocation };
    problems.error(
      'connector.options-invalid',
      'x-portico-connector must be a connector type or { type: <connector type>, options: { ... } }',
      connectorLocation,
    );
  }
  if (root[SOAP_EXTENSION] !== undefined) return { type: 'soap', options: {}, location: locationOf(file, jsonPointer(SOAP_EXTENSION)) };
  return { type: BY_API_TYPE[apiType], options: {}, location: file };
}

/** Mock options when the extension turns the mock on, else undefined. */
function readMockExtension(value: unknown, location: string, problems: ProblemCollector): Record<string, unknown> | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (isObject(value)) {
    const { enabled, ...options } = value;
    return enabled === false ? undefined : options;
  }
  problems.error('connector.options-invalid', 'x-portico-mock must be true, false or an object of mock options', location);
  return undefined;
}

function readConnectorExtension(value: unknown): ConnectorChoice | undefined {
  if (typeof value === 'string' && value.trim() !== '') return { type: value.trim(), options: {} };
  if (!isObject(value) || typeof value.type !== 'string' || value.type.trim() === '') return undefined;
  if (value.options !== undefined && !isObject(value.options)) return undefined;
  return { type: value.type.trim(), options: value.options ?? {} };
}

/**
 * How the API's endpoint URLs are read: any scheme when `x-portico-connector` chose the connector
 * (its declared schemes are checked when the API is compiled), else by API type as Choreo Connect.
 */
export function urlFamilyOf(root: JsonObject, apiType: ApiType): UrlFamily {
  if (root['x-portico-connector'] !== undefined) return 'any';
  return apiType === 'WS' ? 'ws' : 'http';
}
