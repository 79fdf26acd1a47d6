import type { ClientKeyPair, EndpointTlsConfig } from '#core';
import { isObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { readProjectKeyPair } from './project-key-pair.js';

export const TLS_EXTENSION = 'x-portico-tls';

const FIELDS = ['verifyHostname', 'clientCertificate'];
const FILE_FIELDS = ['certificateFile', 'keyFile'] as const;

export interface EndpointTlsContext {
  readonly problems: ProblemCollector;
  /** The project's files; undefined for a definition deployed alone. */
  readonly projectFiles?: ProjectFiles;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads `x-portico-tls` of an endpoint object (spec §14.4, a Portico extension): the hostname
 * check and the client certificate for this set's endpoints. `clientCertificate` names one of
 * `upstream.tls.clientCertificates` (checked by the connector, which knows the settings' files)
 * or gives project files, read and checked here. `set` names the set in the warning a disabled
 * hostname check earns. Undefined when absent or invalid (the problems say why).
 */
export function readEndpointTls(
  value: Readonly<Record<string, unknown>>,
  set: string,
  at: (...segments: (string | number)[]) => string,
  ctx: EndpointTlsContext,
): EndpointTlsConfig | undefined {
  const raw = value[TLS_EXTENSION];
  if (raw === undefined) return undefined;
  const { problems } = ctx;
  const invalid = (message: string, location: string): void => problems.error('endpoint.tls-invalid', message, location);
  if (!isObject(raw)) {
    invalid(`${TLS_EXTENSION} must be a map with any of ${FIELDS.join(', ')}; got ${writtenValue(raw)}`, at(TLS_EXTENSION));
    return undefined;
  }
  const errorsBefore = problems.errors.length;
  const config: Mutable<EndpointTlsConfig> = {};
  for (const [key, field] of Object.entries(raw)) {
    const location = at(TLS_EXTENSION, key);
    if (key === 'verifyHostname') {
      if (typeof field === 'boolean') config.verifyHostname = field;
      else invalid(`${TLS_EXTENSION}.verifyHostname must be true or false; got ${writtenValue(field)}`, location);
    } else if (key === 'clientCertificate') {
      const pair = readClientCertificate(field, at, ctx);
      if (pair) config.clientCertificate = pair;
    } else {
      invalid(`unknown key ${key} in ${TLS_EXTENSION}; allowed: ${FIELDS.join(', ')}`, location);
    }
  }
  if (problems.errors.length > errorsBefore) return undefined;
  if (config.verifyHostname === false) {
    problems.warn(
      'endpoint.hostname-verification-off',
      `endpoint set ${set}: ${TLS_EXTENSION}.verifyHostname is false, so its backends' certificates need not name the endpoint host`,
      at(TLS_EXTENSION, 'verifyHostname'),
    );
  }
  return Object.keys(config).length === 0 ? undefined : config;
}

/** A configured certificate's name, or `{certificateFile, keyFile}` of the project. */
function readClientCertificate(value: unknown, at: (...segments: (string | number)[]) => string, ctx: EndpointTlsContext): ClientKeyPair | undefined {
  const name = `${TLS_EXTENSION}.clientCertificate`;
  const location = at(TLS_EXTENSION, 'clientCertificate');
  const invalid = (message: string, where = location): void => ctx.problems.error('endpoint.tls-invalid', message, where);
  if (typeof value === 'string' && value.trim() !== '') return { name: value.trim() };
  if (!isObject(value)) {
    invalid(`${name} must name a certificate of upstream.tls.clientCertificates or be a map with certificateFile and keyFile; got ${writtenValue(value)}`);
    return undefined;
  }
  let complete = true;
  for (const key of Object.keys(value)) {
    if ((FILE_FIELDS as readonly string[]).includes(key)) continue;
    invalid(`unknown key ${key} in ${name}; allowed: ${FILE_FIELDS.join(', ')}`, at(TLS_EXTENSION, 'clientCertificate', key));
    complete = false;
  }
  for (const key of FILE_FIELDS) {
    const path = value[key];
    if (typeof path === 'string' && path.trim() !== '') continue;
    invalid(`${name}.${key} must be the path of a PEM file in the project; got ${writtenValue(path)}`, at(TLS_EXTENSION, 'clientCertificate', key));
    complete = false;
  }
  if (!complete) return undefined;
  if (ctx.projectFiles === undefined) {
    invalid(`${name}: project files can be used only in an apictl project; a definition deployed alone may name a certificate of upstream.tls.clientCertificates`);
    return undefined;
  }
  const fileOf = (key: (typeof FILE_FIELDS)[number]) => ({ path: (value[key] as string).trim(), location: at(TLS_EXTENSION, 'clientCertificate', key) });
  return readProjectKeyPair({ certificateFile: fileOf('certificateFile'), keyFile: fileOf('keyFile') }, ctx.projectFiles, ctx.problems);
}
