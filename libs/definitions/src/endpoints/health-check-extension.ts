import type { HealthCheckConfig } from '#core';
import { isObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

export const HEALTH_CHECK_EXTENSION = 'x-portico-health-check';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Lower bounds of the numeric fields: the same as those of `upstream.healthChecks`. */
const WHOLE_NUMBER_FIELDS = { intervalMs: 50, timeoutMs: 10, unhealthyThreshold: 1, healthyThreshold: 1 } as const;
type WholeNumberField = keyof typeof WHOLE_NUMBER_FIELDS;

const FIELDS: readonly (keyof HealthCheckConfig)[] = ['enabled', 'path', ...(Object.keys(WHOLE_NUMBER_FIELDS) as WholeNumberField[])];

/** As `upstream.healthChecks.path`: probed from the host root, so a query is allowed, a fragment is not. */
const PROBE_PATH = /^\/[^\s?#]*(\?[^\s#]*)?$/;

/**
 * Reads `x-portico-health-check`: per-set overrides of `upstream.healthChecks`. Every problem of
 * the map is reported at once; a misspelt key is an error, as it would otherwise change nothing.
 * Returns undefined when the map is invalid or sets nothing (the settings apply as they are).
 */
export function readHealthCheck(value: unknown, at: (...segments: (string | number)[]) => string, problems: ProblemCollector): HealthCheckConfig | undefined {
  const invalid = (message: string, location: string): void => problems.error('endpoint.health-check-invalid', message, location);
  if (!isObject(value)) {
    invalid(`${HEALTH_CHECK_EXTENSION} must be a map with any of ${FIELDS.join(', ')}; got ${writtenValue(value)}`, at(HEALTH_CHECK_EXTENSION));
    return undefined;
  }
  const errorsBefore = problems.errors.length;
  const config: Mutable<HealthCheckConfig> = {};
  for (const [key, field] of Object.entries(value)) {
    const location = at(HEALTH_CHECK_EXTENSION, key);
    const name = `${HEALTH_CHECK_EXTENSION}.${key}`;
    if (key === 'enabled') {
      if (typeof field === 'boolean') config.enabled = field;
      else invalid(`${name} must be true or false; got ${writtenValue(field)}`, location);
    } else if (key === 'path') {
      if (typeof field === 'string' && PROBE_PATH.test(field)) config.path = field;
      else invalid(`${name} must be an absolute path such as /healthz, without spaces or fragment; got ${writtenValue(field)}`, location);
    } else if (isWholeNumberField(key)) {
      const min = WHOLE_NUMBER_FIELDS[key];
      if (typeof field === 'number' && Number.isInteger(field) && field >= min) config[key] = field;
      else invalid(`${name} must be a whole number of at least ${min}; got ${writtenValue(field)}`, location);
    } else {
      invalid(`unknown key ${key} in ${HEALTH_CHECK_EXTENSION}; allowed: ${FIELDS.join(', ')}`, location);
    }
  }
  if (problems.errors.length > errorsBefore || Object.keys(config).length === 0) return undefined;
  return config;
}

function isWholeNumberField(key: string): key is WholeNumberField {
  return Object.hasOwn(WHOLE_NUMBER_FIELDS, key);
}
