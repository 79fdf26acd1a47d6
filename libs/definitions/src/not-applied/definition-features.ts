import { HTTP_METHODS } from '#core';
import { childPointer, jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { isUnlimitedTier, warnNotApplied } from './not-applied.js';

const THROTTLING_TIERS = ['x-wso2-throttling-tier', 'x-throttling-tier'] as const;
const INTERCEPTORS = ['x-wso2-request-interceptor', 'x-wso2-response-interceptor'] as const;
const METHOD_KEYS = new Set(HTTP_METHODS.map((m) => m.toLowerCase()));

/**
 * The definition's `x-wso2-*` extensions Portico does not apply yet (spec §3.4 step 3, and those
 * apictl reads): throttling tiers and interceptors at the API, path and operation level;
 * request payload passing, HTTP/2 backends, response caching and transports at the API level.
 */
export function warnUnappliedExtensions(root: JsonObject, file: string, problems: ProblemCollector): void {
  const at = (pointer: string): string => locationOf(file, pointer);
  warnAtLevel(root, '', at, problems);
  if (root['x-wso2-pass-request-payload-to-enforcer'] === true) {
    warnNotApplied(problems, 'request-payload-to-enforcer', 'x-wso2-pass-request-payload-to-enforcer: true', at(jsonPointer('x-wso2-pass-request-payload-to-enforcer')));
  }
  if (root['x-wso2-http2-backend-enabled'] === true) {
    warnNotApplied(problems, 'http2-backend', 'x-wso2-http2-backend-enabled: true', at(jsonPointer('x-wso2-http2-backend-enabled')));
  }
  const cache = root['x-wso2-response-cache'];
  if (isObject(cache) && cache.enabled === true) {
    warnNotApplied(problems, 'response-cache', 'x-wso2-response-cache', at(jsonPointer('x-wso2-response-cache')));
  }
  const transports = restrictedTransport(root['x-wso2-transports']);
  if (transports) warnNotApplied(problems, 'transports', `x-wso2-transports: [${transports}] (one of HTTP and HTTPS only)`, at(jsonPointer('x-wso2-transports')));

  if (!isObject(root.paths)) return;
  for (const [path, item] of Object.entries(root.paths)) {
    if (!isObject(item)) continue;
    const itemPointer = jsonPointer('paths', path);
    warnAtLevel(item, itemPointer, at, problems);
    for (const [key, operation] of Object.entries(item)) {
      if (METHOD_KEYS.has(key) && isObject(operation)) warnAtLevel(operation, childPointer(itemPointer, key), at, problems);
    }
  }
}

/** Throttling tiers and interceptors: CC reads them on the API, path items and operations. */
function warnAtLevel(level: JsonObject, pointer: string, at: (pointer: string) => string, problems: ProblemCollector): void {
  for (const key of THROTTLING_TIERS) {
    if (!isUnlimitedTier(level[key])) warnNotApplied(problems, 'throttling', `${key}: ${String(level[key])}`, at(childPointer(pointer, key)));
  }
  for (const key of INTERCEPTORS) {
    if (level[key] !== undefined) warnNotApplied(problems, 'interceptors', key, at(childPointer(pointer, key)));
  }
}

/**
 * The transport a list limits the API to, when it names exactly one of `http` and `https`
 * (apictl's `x-wso2-transports`, api.yaml `transport`); undefined when it limits nothing.
 */
export function restrictedTransport(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const listed = value.filter((t): t is string => typeof t === 'string').map((t) => t.trim().toLowerCase());
  const http = listed.includes('http');
  const https = listed.includes('https');
  return http === https ? undefined : http ? 'http' : 'https';
}
