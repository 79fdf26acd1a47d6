import type { EndpointUrl, RoutingPolicyKind } from '#core';
import type { GatewaySettings } from '#settings';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { childPointer, locationOf } from '../json/json-pointer.js';
import type { JsonObject } from '../json/json-value.js';
import { readAdvanceConfig } from './advance-config.js';
import type { EndpointDraft } from './endpoint-draft.js';
import { readEndpointTls } from './endpoint-tls.js';
import { parseEndpointUrl, type UrlFamily } from './endpoint-url.js';
import { CONNECTOR_EXTENSION, readConnectorOverride } from './endpoint-connector-extension.js';
import { readPorticoEndpointExtensions } from './portico-endpoint-extensions.js';
import { readSecurityConfig } from './security-config.js';

/** Where an endpoint object sits and how to read it. */
export interface EndpointContext {
  readonly file: string;
  readonly family: UrlFamily;
  readonly settings: GatewaySettings;
  readonly problems: ProblemCollector;
  /** The project's files (x-portico-tls may name some); undefined for a definition deployed alone. */
  readonly projectFiles?: ProjectFiles;
}

/**
 * Reads an endpoint object (spec §6.2): `urls` (required), `type`, `advanceEndpointConfig`,
 * `securityConfig`, and Portico's `x-portico-load-balancer`, `x-portico-weights`,
 * `x-portico-health-check`, `x-portico-tls`, `x-portico-connector`. `extension` names it in messages (`x-wso2-production-endpoints` or the
 * `x-wso2-endpoints` entry name). Returns undefined when it is unusable; the problems say why.
 */
export function readEndpointObject(value: JsonObject, name: string, extension: string, pointer: string, ctx: EndpointContext): EndpointDraft | undefined {
  const { problems, file } = ctx;
  const at = (...segments: (string | number)[]): string => locationOf(file, childPointer(pointer, ...segments));
  const errorsBefore = problems.errors.length;
  const connector = value[CONNECTOR_EXTENSION] === undefined ? undefined : readConnectorOverride(value[CONNECTOR_EXTENSION], at(CONNECTOR_EXTENSION), problems);
  // A set with its own connector may call no URLs (a function, a mock): the connector's declared capabilities decide, at compile time.
  // A set naming its own connector type takes any scheme; that connector's declared schemes are checked at compile time.
  const urlContext = connector?.type === undefined ? ctx : { ...ctx, family: 'any' as const };
  const urls = connector !== undefined && value.urls === undefined ? [] : readUrls(value.urls, extension, pointer, urlContext);
  const policy = readPolicy(value.type, at('type'), problems);
  const advance = value.advanceEndpointConfig === undefined
    ? {}
    : readAdvanceConfig(value.advanceEndpointConfig, extension, at('advanceEndpointConfig'), ctx.settings, problems);
  const securityConfig = value.securityConfig === undefined ? undefined : readSecurityConfig(value.securityConfig, extension, at('securityConfig'), problems);
  const portico = readPorticoEndpointExtensions(value, policy, urls?.length, at, problems);
  const tls = readEndpointTls(value, name, at, ctx);
  if (problems.errors.length > errorsBefore || !urls || !advance) return undefined;
  return { name, urls, policy, ...advance, ...portico, ...(tls && { tls }), ...(connector && { connector }), securityConfig, location: locationOf(file, pointer) };
}

function readUrls(value: unknown, extension: string, pointer: string, ctx: EndpointContext): EndpointUrl[] | undefined {
  const { problems, file } = ctx;
  if (value === undefined) {
    problems.error('endpoint.urls-missing', `urls property is not provided with the ${extension} extension`, locationOf(file, pointer));
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problems.error('endpoint.urls-missing', `urls property of the ${extension} extension must be a non-empty list of URLs`, locationOf(file, childPointer(pointer, 'urls')));
    return undefined;
  }
  const urls: EndpointUrl[] = [];
  value.forEach((raw: unknown, i) => {
    const location = locationOf(file, childPointer(pointer, 'urls', i));
    if (typeof raw !== 'string') {
      problems.error('endpoint.url-invalid', `endpoint URL must be a string in ${extension}`, location);
      return;
    }
    const parsed = parseEndpointUrl(raw, ctx.family);
    if ('problem' in parsed) problems.error(parsed.problem.code, parsed.problem.message, location);
    else urls.push(parsed.url);
  });
  return urls.length === value.length ? urls : undefined;
}

/**
 * `failover` is a case-sensitive prefix in Choreo Connect; any other value (the documented
 * `load_balance`, `loadbalance`, the samples' `http`) is load balanced (spec §8.1, §18 item 5).
 */
function readPolicy(type: unknown, location: string, problems: ProblemCollector): RoutingPolicyKind {
  if (typeof type !== 'string') return 'LOAD_BALANCE';
  if (type.startsWith('failover')) return 'FAILOVER';
  if (/^failover/i.test(type)) {
    problems.warn('endpoint.failover-case', `endpoint type "${type}" is load balanced, as in Choreo Connect; write "failover" in lower case for failover`, location);
  }
  return 'LOAD_BALANCE';
}

