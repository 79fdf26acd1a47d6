import type { ApiType } from '#core';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, textOf, type JsonObject } from '../json/json-value.js';

export const API_TYPES: readonly ApiType[] = ['HTTP', 'SOAP', 'WS', 'GRAPHQL'];

/** The fields of api.yaml the gateway uses (spec §3.2), read but not yet merged. */
export interface ApiYamlInfo {
  readonly file: string;
  /** Pointer of the `data` object (`/data`, or the root for files without it). */
  readonly dataPointer: string;
  readonly id?: string;
  readonly name?: string;
  readonly version?: string;
  readonly context?: string;
  /** Undefined when api.yaml names no type (the definition's format decides). */
  readonly type?: ApiType;
  readonly lifecycle: string;
  /** `endpointImplementationType: MOCKED_OAS`. */
  readonly mocked: boolean;
  /** `endpointConfig.implementation_status: prototyped` or lifecycle PROTOTYPED. */
  readonly prototyped: boolean;
  readonly authorizationHeader?: string;
  readonly securitySchemes: readonly string[];
  readonly isDefaultVersion: boolean;
  readonly organization: string;
  readonly endpointConfig?: JsonObject;
}

export const DEFAULT_ORGANIZATION = 'carbon.super';

export function readApiYaml(root: JsonObject, file: string, problems: ProblemCollector): ApiYamlInfo {
  const hasData = isObject(root.data);
  const data = hasData ? (root.data as JsonObject) : root;
  const dataPointer = hasData ? jsonPointer('data') : '';
  const at = (field: string): string => locationOf(file, dataPointer + jsonPointer(field));
  const endpointConfig = isObject(data.endpointConfig) ? data.endpointConfig : undefined;
  const lifecycle = (textOf(data.lifeCycleStatus) ?? 'PUBLISHED').toUpperCase();
  const implementation = textOf(data.endpointImplementationType)?.toUpperCase();
  if (implementation === 'INLINE') {
    problems.error('api-yaml.implementation-unsupported', 'INLINE endpointImplementationType is not supported with Choreo Connect', at('endpointImplementationType'));
  }
  return {
    file,
    dataPointer,
    id: textOf(data.id),
    name: textOf(data.name),
    version: textOf(data.version),
    context: textOf(data.context),
    type: readType(data.type, at('type'), problems),
    lifecycle,
    mocked: implementation === 'MOCKED_OAS',
    prototyped: lifecycle === 'PROTOTYPED' || textOf(endpointConfig?.implementation_status)?.toLowerCase() === 'prototyped',
    authorizationHeader: textOf(data.authorizationHeader),
    securitySchemes: Array.isArray(data.securityScheme)
      ? data.securityScheme.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase())
      : [],
    isDefaultVersion: data.isDefaultVersion === true || data.isDefaultVersion === 'true',
    organization: textOf(data.organizationId) ?? DEFAULT_ORGANIZATION,
    endpointConfig,
  };
}

function readType(value: unknown, location: string, problems: ProblemCollector): ApiType | undefined {
  const text = textOf(value);
  if (text === undefined) return undefined;
  const type = text.toUpperCase() as ApiType;
  if (API_TYPES.includes(type)) return type;
  problems.error('api-yaml.type-unsupported', `The given API type is currently not supported in Choreo Connect. API type: ${text}`, location);
  return undefined;
}
