import type { HealthCheckConfig, LoadBalancerConfig, RoutingPolicyKind } from '#core';
import type { JsonObject } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { HEALTH_CHECK_EXTENSION, readHealthCheck } from './health-check-extension.js';
import { LOAD_BALANCER_EXTENSION, readLoadBalancer, WEIGHTS_EXTENSION } from './load-balancer-extension.js';
import { TLS_EXTENSION } from './endpoint-tls.js';
import { CONNECTOR_EXTENSION } from './endpoint-connector-extension.js';

/** The `x-portico-*` keys Portico reads in an endpoint object (and nowhere else). */
export const ENDPOINT_PORTICO_EXTENSIONS: readonly string[] = [LOAD_BALANCER_EXTENSION, WEIGHTS_EXTENSION, HEALTH_CHECK_EXTENSION, TLS_EXTENSION, CONNECTOR_EXTENSION];

/** Where the endpoint object's extensions sit in messages. */
export const ENDPOINT_OBJECT_PLACES = 'an endpoint object (x-wso2-production-endpoints, x-wso2-sandbox-endpoints or an x-wso2-endpoints entry)';

export interface PorticoEndpointOptions {
  readonly balancer?: LoadBalancerConfig;
  readonly healthCheck?: HealthCheckConfig;
}

/**
 * Portico's own routing options of an endpoint object. Choreo Connect ignores them, so a
 * definition using them still deploys there (round robin, CC's health checks). A misspelt
 * `x-portico-*` key is an error, as it would otherwise be silently inert.
 */
export function readPorticoEndpointExtensions(
  value: JsonObject,
  policy: RoutingPolicyKind,
  urlCount: number | undefined,
  at: (...segments: (string | number)[]) => string,
  problems: ProblemCollector,
): PorticoEndpointOptions {
  for (const key of Object.keys(value)) {
    if (!key.toLowerCase().startsWith('x-portico-') || ENDPOINT_PORTICO_EXTENSIONS.includes(key)) continue;
    problems.error('extension.unknown', `unknown extension ${key}: Portico reads only ${ENDPOINT_PORTICO_EXTENSIONS.join(', ')} in ${ENDPOINT_OBJECT_PLACES}`, at(key));
  }
  const balancer = readLoadBalancer({ algorithm: value[LOAD_BALANCER_EXTENSION], weights: value[WEIGHTS_EXTENSION], policy, urlCount, at }, problems);
  const healthCheck = value[HEALTH_CHECK_EXTENSION] === undefined ? undefined : readHealthCheck(value[HEALTH_CHECK_EXTENSION], at, problems);
  return { ...(balancer && { balancer }), ...(healthCheck && { healthCheck }) };
}
