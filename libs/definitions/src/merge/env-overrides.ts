import { createHash } from 'node:crypto';
import type { EndpointUrl, KeyType, LoadBalancerConfig } from '#core';
import type { GatewaySettings } from '#settings';
import { parseEndpointUrl, type UrlFamily } from '../endpoints/endpoint-url.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { SecurityByKey } from './backend-security.js';
import type { DraftsByKey } from './endpoint-merger.js';

const PREFIX: Readonly<Record<KeyType, string>> = { PRODUCTION: 'prod', SANDBOX: 'sand' };

/** Identity of an API in adapter-style environment variables: lower-case hex SHA-1 of `name:version`. */
export function apiHash(name: string, version: string): string {
  return createHash('sha1').update(`${name}:${version}`).digest('hex');
}

/**
 * Adapter environment variables (spec §3.6), the highest precedence: `api_<hash>_prod_endpoint_0..N`
 * replace the API-level production URLs (read until the first missing index; the set becomes load
 * balanced, keeping its timeout, retry, limits, health-check overrides and, where it still fits,
 * its balancer), `api_<hash>_prod_basic_username|password` replace credentials where backend
 * security is enabled. Same for `sand`.
 */
export function applyEnvOverrides(
  api: DraftsByKey,
  security: SecurityByKey,
  apiName: string,
  apiVersion: string,
  family: UrlFamily,
  settings: GatewaySettings,
  problems: ProblemCollector,
): { api: DraftsByKey; security: SecurityByKey } {
  const env = settings.apiOverrides ?? {};
  const base = `api_${apiHash(apiName, apiVersion)}_`;
  const nextApi: DraftsByKey = { ...api };
  const nextSecurity: SecurityByKey = { ...security };
  for (const key of ['PRODUCTION', 'SANDBOX'] as const) {
    const prefix = `${base}${PREFIX[key]}_`;
    const urls = readUrls(env, `${prefix}endpoint_`, family, problems);
    if (urls.length > 0) {
      const { balancer: written, ...previous } = nextApi[key] ?? {};
      const location = `env:${prefix}endpoint_*`;
      const balancer = keptBalancer(written, urls.length, location, problems);
      nextApi[key] = { ...previous, name: key, urls, policy: 'LOAD_BALANCE', location, ...(balancer && { balancer }) };
    }
    const auth = nextSecurity[key];
    if (auth?.type === 'BASIC') {
      const username = env[`${prefix}basic_username`];
      const password = env[`${prefix}basic_password`];
      nextSecurity[key] = {
        ...auth,
        username: username === undefined ? auth.username : unquote(username),
        password: password === undefined ? auth.password : { value: unquote(password) },
      };
    }
  }
  return { api: nextApi, security: nextSecurity };
}

/**
 * The definition's balancer for the overriding URLs. The algorithm and the health-check overrides
 * (kept with the rest of the set) describe how to treat the members, whoever they are, so they stay.
 * Weights are positional: they stay when the variables give as many URLs (the usual case: the
 * same backends under other names per environment), else the set is round robin, as Choreo
 * Connect makes every overridden set, with a warning.
 */
function keptBalancer(balancer: LoadBalancerConfig | undefined, urlCount: number, location: string, problems: ProblemCollector): LoadBalancerConfig | undefined {
  if (!balancer?.weights || balancer.weights.length === urlCount) return balancer;
  problems.warn(
    'endpoint.extension-ignored',
    `x-portico-weights is ignored: the environment variables give ${urlCount} ${urlCount === 1 ? 'URL' : 'URLs'} for its ${balancer.weights.length} weights, so the set is balanced round robin`,
    location,
  );
  return undefined;
}

function readUrls(env: Readonly<Record<string, string>>, prefix: string, family: UrlFamily, problems: ProblemCollector): EndpointUrl[] {
  const urls: EndpointUrl[] = [];
  for (let i = 0; env[`${prefix}${i}`] !== undefined; i++) {
    const variable = `${prefix}${i}`;
    const parsed = parseEndpointUrl(unquote(env[variable]), family);
    if ('problem' in parsed) problems.error(parsed.problem.code, `${parsed.problem.message} (environment variable ${variable})`, `env:${variable}`);
    else urls.push(parsed.url);
  }
  return urls;
}

/** Values may be quoted; the quotes are not part of the value. */
function unquote(value: string): string {
  const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0];
  return quoted ? value.slice(1, -1) : value;
}
