import type { SecurityRequirement } from '#core';
import { isObject, textOf, type JsonObject } from '../json/json-value.js';

const DISABLE = 'x-wso2-disable-security';

/** `x-wso2-disable-security: true` at the root disables security for the whole API. */
export function apiDisablesSecurity(root: JsonObject): boolean {
  return root[DISABLE] === true;
}

/**
 * Security of one operation (spec §11.6): the most specific `x-wso2-disable-security` wins
 * (operation > path item > API), and `x-auth-type: None` on the operation disables it whatever
 * `x-wso2-disable-security` says.
 */
export function operationDisablesSecurity(operation: JsonObject, item: JsonObject, root: JsonObject): boolean {
  if (authTypeIsNone(operation)) return true;
  for (const level of [operation, item, root]) {
    if (typeof level[DISABLE] === 'boolean') return level[DISABLE];
  }
  return false;
}

/** AsyncAPI topics: `x-auth-type: None` or `x-wso2-disable-security` on the channel, else the API's. */
export function channelDisablesSecurity(channel: JsonObject, root: JsonObject): boolean {
  if (authTypeIsNone(channel)) return true;
  return typeof channel[DISABLE] === 'boolean' ? channel[DISABLE] : apiDisablesSecurity(root);
}

function authTypeIsNone(level: JsonObject): boolean {
  return textOf(level['x-auth-type'])?.toLowerCase() === 'none';
}

/** The operation's `security` replaces the API's; requirements are kept as written. */
export function operationSecurity(operation: JsonObject, root: JsonObject): SecurityRequirement[] {
  return requirementsOf(Array.isArray(operation.security) ? operation.security : root.security);
}

function requirementsOf(value: unknown): SecurityRequirement[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((requirement) =>
    Object.fromEntries(
      Object.entries(requirement).map(([scheme, scopes]) => [
        scheme,
        Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
      ]),
    ),
  );
}

/** `x-wso2-auth-header`, else api.yaml `authorizationHeader`, lower-cased; undefined when neither names one. */
export function authHeaderOf(root: JsonObject, apiYamlHeader: string | undefined): string | undefined {
  return (textOf(root['x-wso2-auth-header']) ?? apiYamlHeader)?.toLowerCase();
}

export function http2BackendOf(root: JsonObject): boolean {
  return root['x-wso2-http2-backend-enabled'] === true;
}
