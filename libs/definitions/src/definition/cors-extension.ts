import type { CorsConfig } from '#core';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

const EXTENSION = 'x-wso2-cors';
const LISTS = ['accessControlAllowOrigins', 'accessControlAllowMethods', 'accessControlAllowHeaders', 'accessControlExposeHeaders'] as const;
const FLAGS = ['corsConfigurationEnabled', 'accessControlAllowCredentials'] as const;

/**
 * `x-wso2-cors` at the definition's root (Choreo Connect's names; `corsConfigurationEnabled`
 * defaults to true). A disabled one leaves the API on the gateway's CORS settings, as in Choreo
 * Connect. Where Choreo Connect logs a malformed value and drops CORS silently, Portico rejects
 * the deploy with `cors.invalid` naming the field.
 */
export function corsExtensionOf(root: JsonObject, file: string, problems: ProblemCollector): CorsConfig | undefined {
  const value = root[EXTENSION];
  if (value === undefined) return undefined;
  const at = (...keys: string[]) => locationOf(file, jsonPointer(EXTENSION, ...keys));
  if (!isObject(value)) {
    problems.error('cors.invalid', `${EXTENSION} must be an object`, at());
    return undefined;
  }
  let valid = true;
  for (const key of LISTS) {
    const list = value[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((v) => typeof v === 'string'))) {
      problems.error('cors.invalid', `${EXTENSION}.${key} must be a list of strings`, at(key));
      valid = false;
    }
  }
  for (const key of FLAGS) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') {
      problems.error('cors.invalid', `${EXTENSION}.${key} must be true or false`, at(key));
      valid = false;
    }
  }
  if (!valid) return undefined;
  const list = (key: (typeof LISTS)[number]): string[] => (value[key] as string[] | undefined) ?? [];
  return {
    enabled: value.corsConfigurationEnabled !== false,
    allowOrigins: list('accessControlAllowOrigins'),
    allowMethods: list('accessControlAllowMethods'),
    allowHeaders: list('accessControlAllowHeaders'),
    allowCredentials: value.accessControlAllowCredentials === true,
    exposeHeaders: list('accessControlExposeHeaders'),
  };
}
