import type { BackendAuth, EndpointUrl, KeyType, RetryConfig } from '#core';
import { capTimeout, normaliseRetry } from '../endpoints/advance-config.js';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import type { EndpointContext } from '../endpoints/endpoint-object.js';
import { parseEndpointUrl } from '../endpoints/endpoint-url.js';
import { childPointer, jsonPointer, locationOf } from '../json/json-pointer.js';
import { isObject, scalarText, textOf } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ApiYamlInfo } from './api-yaml.js';

interface EndpointEntry {
  readonly url: unknown;
  readonly config: unknown;
  readonly pointer: string;
}

/** The endpoints api.yaml lists for one key type: primaries, then failovers. */
export interface ApiYamlKeyEndpoints {
  readonly primaries: readonly EndpointEntry[];
  readonly failovers: readonly EndpointEntry[];
  readonly pointer: string;
}

const FIELDS: Readonly<Record<KeyType, { endpoints: string; failovers: string; security: string; label: string }>> = {
  PRODUCTION: { endpoints: 'production_endpoints', failovers: 'production_failovers', security: 'production', label: 'production' },
  SANDBOX: { endpoints: 'sandbox_endpoints', failovers: 'sandbox_failovers', security: 'sandbox', label: 'sandbox' },
};

/** `production_endpoints` / `sandbox_endpoints` in their object or list form (spec §3.2). */
export function apiYamlEndpoints(info: ApiYamlInfo, key: KeyType): ApiYamlKeyEndpoints {
  const configPointer = info.dataPointer + jsonPointer('endpointConfig');
  const field = FIELDS[key];
  const pointer = childPointer(configPointer, field.endpoints);
  return {
    primaries: entriesOf(info.endpointConfig?.[field.endpoints], pointer),
    failovers: entriesOf(info.endpointConfig?.[field.failovers], childPointer(configPointer, field.failovers)),
    pointer,
  };
}

function entriesOf(value: unknown, pointer: string): EndpointEntry[] {
  if (isObject(value)) return [{ url: value.url, config: value.config, pointer }];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown, i) => {
    const entry = isObject(item) ? item : {};
    return { url: entry.url, config: entry.config, pointer: childPointer(pointer, i) };
  });
}

/**
 * api.yaml is checked on its own, before the merge (spec §3.2 "Rules"): mandatory fields and,
 * unless the API is mocked, at least one endpoint, none of them empty or relative.
 */
export function checkApiYaml(info: ApiYamlInfo, endpointsRequired: boolean, problems: ProblemCollector): void {
  const prod = apiYamlEndpoints(info, 'PRODUCTION');
  const sand = apiYamlEndpoints(info, 'SANDBOX');
  const missing = [
    info.name === undefined ? 'API Name ' : '',
    info.version === undefined ? 'API Version ' : '',
    info.context === undefined ? 'API Context ' : '',
    endpointsRequired && prod.primaries.length === 0 && sand.primaries.length === 0 ? 'API production and sandbox endpoints ' : '',
  ].join('');
  if (missing !== '') {
    const subject = `${info.name ?? 'unknownAPIName'} ${info.version ?? 'unknownAPIVersion'}`;
    problems.error('api-yaml.fields-missing', `${missing}fields cannot be empty for ${subject}`, locationOf(info.file, info.dataPointer));
  }
  if (!endpointsRequired) return;
  for (const [key, endpoints] of [['PRODUCTION', prod], ['SANDBOX', sand]] as const) {
    for (const entry of endpoints.primaries.filter(isRelativeOrEmpty)) {
      problems.error(
        'api-yaml.endpoint-relative',
        `relative urls or empty values are not supported for API ${FIELDS[key].label} endpoints`,
        locationOf(info.file, childPointer(entry.pointer, 'url')),
      );
    }
  }
}

function isRelativeOrEmpty(entry: EndpointEntry): boolean {
  const url = typeof entry.url === 'string' ? entry.url : '';
  return url.startsWith('/') || url.trim() === '';
}

/**
 * The endpoint set api.yaml defines for a key type: load balanced over the primaries, or
 * failover with the primaries first when failovers are listed (spec §3.2).
 */
export function apiYamlEndpointDraft(info: ApiYamlInfo, key: KeyType, ctx: EndpointContext): EndpointDraft | undefined {
  const endpoints = apiYamlEndpoints(info, key);
  if (endpoints.primaries.length === 0) return undefined;
  const urls: EndpointUrl[] = [];
  // Empty and relative primaries were reported by checkApiYaml.
  for (const entry of [...endpoints.primaries.filter((e) => !isRelativeOrEmpty(e)), ...endpoints.failovers]) {
    const location = locationOf(info.file, childPointer(entry.pointer, 'url'));
    const parsed = parseEndpointUrl(typeof entry.url === 'string' ? entry.url : '', ctx.family);
    if ('problem' in parsed) ctx.problems.error(parsed.problem.code, parsed.problem.message, location);
    else urls.push(parsed.url);
  }
  if (urls.length === 0) return undefined;
  return {
    name: key,
    urls,
    policy: endpoints.failovers.length > 0 ? 'FAILOVER' : 'LOAD_BALANCE',
    location: locationOf(info.file, endpoints.pointer),
  };
}

/**
 * Timeout and retry from `config` of the first endpoint entry of a key type; they apply to the
 * API-level set wherever it came from, unless the definition set its own (spec §3.4 step 8).
 */
export function apiYamlRouteConfig(info: ApiYamlInfo, key: KeyType, ctx: EndpointContext): { timeoutMs?: number; retry?: RetryConfig } {
  const first = apiYamlEndpoints(info, key).primaries[0];
  if (!first || !isObject(first.config)) return {};
  const configLocation = locationOf(info.file, childPointer(first.pointer, 'config'));
  const duration = wholeNumber(first.config.actionDuration, 'actionDuration', configLocation, ctx.problems);
  const retries = wholeNumber(first.config.retryTimeOut, 'retryTimeOut', configLocation, ctx.problems);
  return {
    timeoutMs: duration === undefined ? undefined : capTimeout(duration, configLocation, ctx.settings, ctx.problems),
    retry: retries === undefined ? undefined : normaliseRetry({ count: retries }, configLocation, ctx.settings, ctx.problems),
  };
}

function wholeNumber(value: unknown, field: string, location: string, problems: ProblemCollector): number | undefined {
  const text = textOf(value);
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  problems.error('endpoint.advance-config-invalid', `${field} in api.yaml must be a whole number, got "${text}"`, location);
  return undefined;
}

/**
 * `endpoint_security.production|sandbox` when enabled: `BASIC` (spec §12.1), and API Manager 4's
 * `OAUTH` with the `CLIENT_CREDENTIALS` grant. Other types are ignored with a warning, as Choreo
 * Connect ignores everything but BASIC.
 */
export function apiYamlEndpointSecurity(info: ApiYamlInfo, key: KeyType, problems: ProblemCollector): BackendAuth | undefined {
  const security = info.endpointConfig?.endpoint_security;
  const entry = isObject(security) ? security[FIELDS[key].security] : undefined;
  if (!isObject(entry) || !(entry.enabled === true || entry.enabled === 'true')) return undefined;
  const type = (textOf(entry.type) ?? '').toUpperCase();
  if (type === 'BASIC') return { type: 'BASIC', username: scalarText(entry.username), password: { value: scalarText(entry.password) } };
  const at = locationOf(info.file, info.dataPointer + jsonPointer('endpointConfig', 'endpoint_security', FIELDS[key].security));
  if (type === 'OAUTH' && (textOf(entry.grantType) ?? '').toUpperCase() === 'CLIENT_CREDENTIALS') {
    const tokenUrl = textOf(entry.tokenUrl);
    const clientId = textOf(entry.clientId);
    const clientSecret = textOf(entry.clientSecret);
    if (tokenUrl && clientId && clientSecret) return { type: 'OAUTH2', tokenUrl, clientId, clientSecret: { value: clientSecret }, scopes: [], clientAuthentication: 'basic' };
    problems.error('endpoint.security-config-invalid', `endpoint_security.${FIELDS[key].security}: OAUTH needs tokenUrl, clientId and clientSecret`, at);
    return undefined;
  }
  problems.warn('endpoint.security-type-unsupported', `endpoint security type : ${textOf(entry.type) ?? ''} is not currently supported with WSO2 Choreo Connect; it is ignored`, `${at}/type`);
  return undefined;
}
