import type { BackendJwtOverride } from '#core';
import { locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

export const BACKEND_JWT_EXTENSION = 'x-portico-backend-jwt';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const FIELDS = ['enabled', 'header', 'tokenTtlSeconds'];

/**
 * `x-portico-backend-jwt` at the root: `true`/`false` turns the gateway's backend JWT (spec §13)
 * on or off for this API; an object also sets its header or token lifetime.
 */
export function readBackendJwtExtension(root: JsonObject, file: string, problems: ProblemCollector): BackendJwtOverride | undefined {
  const value = root[BACKEND_JWT_EXTENSION];
  const at = (field?: string): string => locationOf(file, `/${BACKEND_JWT_EXTENSION}${field === undefined ? '' : `/${field}`}`);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return { enabled: value };
  if (!isObject(value)) {
    problems.error('backend-jwt.invalid', `${BACKEND_JWT_EXTENSION} must be true, false or {enabled, header, tokenTtlSeconds}, got ${writtenValue(value)}`, at());
    return undefined;
  }
  const errorsBefore = problems.errors.length;
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) problems.error('backend-jwt.invalid', `${BACKEND_JWT_EXTENSION}: unknown field ${key}; expected ${FIELDS.join(', ')}`, at(key));
  }
  const { enabled, header, tokenTtlSeconds } = value;
  if (enabled !== undefined && typeof enabled !== 'boolean') problems.error('backend-jwt.invalid', `${BACKEND_JWT_EXTENSION}.enabled must be a boolean`, at('enabled'));
  if (header !== undefined && (typeof header !== 'string' || !HEADER_NAME.test(header))) {
    problems.error('backend-jwt.invalid', `${BACKEND_JWT_EXTENSION}.header must be an HTTP header name, got ${writtenValue(header)}`, at('header'));
  }
  const ttlValid = typeof tokenTtlSeconds === 'number' && Number.isInteger(tokenTtlSeconds) && tokenTtlSeconds >= 30 && tokenTtlSeconds <= 86_400;
  if (tokenTtlSeconds !== undefined && !ttlValid) {
    problems.error('backend-jwt.invalid', `${BACKEND_JWT_EXTENSION}.tokenTtlSeconds must be a whole number of seconds from 30 to 86400`, at('tokenTtlSeconds'));
  }
  if (problems.errors.length > errorsBefore) return undefined;
  return {
    ...(typeof enabled === 'boolean' && { enabled }),
    ...(typeof header === 'string' && { header: header.toLowerCase() }),
    ...(typeof tokenTtlSeconds === 'number' && { tokenTtlSeconds }),
  };
}
