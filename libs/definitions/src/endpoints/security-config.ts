import type { BackendAuth, Secret } from '#core';
import { isObject, type JsonObject, scalarText, stringOf, textOf, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

const FIELDS: Readonly<Record<BackendAuth['type'], readonly string[]>> = {
  BASIC: ['type', 'username', 'password', 'passwordEnv'],
  API_KEY: ['type', 'in', 'name', 'value', 'valueEnv'],
  OAUTH2: ['type', 'tokenUrl', 'clientId', 'clientSecret', 'clientSecretEnv', 'scopes', 'audience', 'clientAuthentication'],
};
const TYPES: Readonly<Record<string, BackendAuth['type']>> = { basic: 'BASIC', apikey: 'API_KEY', oauth2: 'OAUTH2' };
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * `securityConfig` of an endpoint object: Choreo Connect's `basic` (spec §12.1) and Portico's
 * `apikey` and `oauth2` (client credentials). Type names are case-insensitive, as in Choreo
 * Connect. A secret is written (`password`, `value`, `clientSecret`) or named as an environment
 * variable (`passwordEnv`, `valueEnv`, `clientSecretEnv`), read when the API deploys.
 */
export function readSecurityConfig(value: unknown, extension: string, location: string, problems: ProblemCollector): BackendAuth | undefined {
  if (!isObject(value)) {
    problems.error('endpoint.security-type-unsupported', `Invalid schema for securityConfig in ${extension}`, location);
    return undefined;
  }
  const written = typeof value.type === 'string' ? value.type : '';
  const type = TYPES[written.toLowerCase()];
  if (type === undefined) {
    // Choreo Connect's message word for word (spec §3.5); Portico's own types are in the README.
    problems.error('endpoint.security-type-unsupported', `endpoint security type : ${written} is not currently supported with WSO2 Choreo Connect`, location);
    return undefined;
  }
  const reader = new FieldReader(value, `securityConfig of ${extension}`, location, problems);
  for (const key of Object.keys(value)) {
    if (FIELDS[type].includes(key)) continue;
    const message = `unknown field ${key} for type ${written}; expected ${FIELDS[type].join(', ')}`;
    // Choreo Connect ignores extra fields of a basic securityConfig: a warning keeps such definitions deploying.
    if (type === 'BASIC') problems.warn('endpoint.security-config-invalid', `securityConfig of ${extension}: ${message}`, `${location}/${key}`);
    else reader.fail(key, message);
  }
  const auth = readByType(type, reader);
  return reader.failed ? undefined : auth;
}

function readByType(type: BackendAuth['type'], r: FieldReader): BackendAuth | undefined {
  switch (type) {
    case 'BASIC': {
      // Choreo Connect takes any scalar and lets environment variables supply missing credentials.
      if (!isScalarOrAbsent(r.value.username) || !isScalarOrAbsent(r.value.password)) {
        r.problems.error('endpoint.security-type-unsupported', `Invalid schema for ${r.what}`, r.location);
        r.failed = true;
        return undefined;
      }
      const password = r.value.passwordEnv === undefined ? { value: scalarText(r.value.password) } : r.secret('password', 'passwordEnv', true);
      return password && { type, username: scalarText(r.value.username), password };
    }
    case 'API_KEY': {
      const where = r.value.in ?? 'header';
      if (where !== 'header' && where !== 'query') r.fail('in', `in must be header or query, got ${writtenValue(where)}`);
      const name = r.text('name', true);
      if (name !== undefined && where === 'header' && !HEADER_NAME.test(name)) r.fail('name', `name must be an HTTP header name, got ${writtenValue(name)}`);
      const value = r.secret('value', 'valueEnv', true);
      if (name === undefined || value === undefined) return undefined;
      return { type, in: where === 'query' ? 'query' : 'header', name: where === 'header' ? name.toLowerCase() : name, value };
    }
    case 'OAUTH2': {
      const tokenUrl = r.text('tokenUrl', true);
      if (tokenUrl !== undefined && !isHttpUrl(tokenUrl)) r.fail('tokenUrl', `tokenUrl must be an http or https URL without credentials, got ${writtenValue(tokenUrl)}`);
      const clientId = r.text('clientId', true);
      const clientSecret = r.secret('clientSecret', 'clientSecretEnv', true);
      const scopes = readScopes(r);
      const audience = r.text('audience', false);
      const clientAuthentication = r.value.clientAuthentication ?? 'basic';
      if (clientAuthentication !== 'basic' && clientAuthentication !== 'body') {
        r.fail('clientAuthentication', `clientAuthentication must be basic or body, got ${writtenValue(clientAuthentication)}`);
      }
      if (!tokenUrl || !clientId || !clientSecret) return undefined;
      return { type, tokenUrl, clientId, clientSecret, scopes, ...(audience && { audience }), clientAuthentication: clientAuthentication === 'body' ? 'body' : 'basic' };
    }
  }
}

/** `scopes`: a list of strings or one space-separated string. */
function readScopes(r: FieldReader): string[] {
  const scopes = r.value.scopes;
  if (scopes === undefined) return [];
  if (typeof scopes === 'string') return scopes.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(scopes) && scopes.every((s) => typeof s === 'string' && /^\S+$/.test(s))) return scopes as string[];
  r.fail('scopes', 'scopes must be a list of scope names or a space-separated string');
  return [];
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.hostname !== '';
  } catch {
    return false;
  }
}

function isScalarOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Reads the fields of one securityConfig, reporting each problem at the field's own location. */
class FieldReader {
  failed = false;

  constructor(
    readonly value: JsonObject,
    readonly what: string,
    readonly location: string,
    readonly problems: ProblemCollector,
  ) {}

  fail(field: string, message: string): void {
    this.problems.error('endpoint.security-config-invalid', `${this.what}: ${message}`, `${this.location}/${field}`);
    this.failed = true;
  }

  text(field: string, required: boolean): string | undefined {
    const raw = this.value[field];
    if (raw === undefined && !required) return undefined;
    const text = textOf(raw);
    if (text === undefined || typeof raw === 'object') this.fail(field, `${field} must be a non-empty string`);
    return text;
  }

  /** Exactly one of the written secret and its environment variable. */
  secret(field: string, envField: string, required: boolean): Secret | undefined {
    const written = this.value[field];
    const env = this.value[envField];
    if (written !== undefined && env !== undefined) {
      this.fail(envField, `give ${field} or ${envField}, not both`);
      return undefined;
    }
    if (env !== undefined) {
      const name = stringOf(env);
      if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(envField, `${envField} must name an environment variable, got ${writtenValue(env)}`);
      return name === undefined ? undefined : { env: name };
    }
    if (written === undefined || written === null || typeof written === 'object' || scalarText(written) === '') {
      if (required) this.fail(field, `${field} (or ${envField}) is required`);
      return undefined;
    }
    return { value: scalarText(written) };
  }
}
