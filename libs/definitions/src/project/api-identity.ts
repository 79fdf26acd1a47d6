import type { ProblemCode } from '#core';
import type { ProblemCollector } from '../problems/problem-collector.js';

interface NameRule {
  readonly code: ProblemCode;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly allowed: RegExp;
  readonly characters: string;
  readonly parameter: string;
}

/**
 * The patterns of the adapter API's undeploy parameters (spec §4.2). An API is addressed by name
 * and version on both admin APIs (`DELETE /apis?apiName=&version=`, `/portico/v1/apis/{name}/{version}`),
 * so one those cannot address could never be undeployed: it is refused at deploy time.
 */
const NAME: NameRule = {
  code: 'api.name-invalid',
  label: 'API name',
  min: 3,
  max: 255,
  allowed: /^[a-zA-Z0-9_~.-]*$/,
  characters: 'letters, digits and _ ~ . -',
  parameter: 'apiName',
};
const VERSION: NameRule = {
  code: 'api.version-invalid',
  label: 'API version',
  min: 1,
  max: 15,
  allowed: /^[a-zA-Z0-9_.-]*$/,
  characters: 'letters, digits and _ . -',
  parameter: 'version',
};

export interface IdentitySource {
  /** Where the name and the version come from (file and JSON pointer). */
  readonly nameLocation: string;
  readonly versionLocation: string;
  /** How the name was made, when it is not written as such (`info.title without spaces`). */
  readonly nameOrigin?: string;
}

/** Reports a name or version the admin APIs could not address; true when both are usable. */
export function checkApiIdentity(name: string, version: string, source: IdentitySource, problems: ProblemCollector): boolean {
  const nameOk = check(NAME, name, source.nameLocation, source.nameOrigin, problems);
  const versionOk = check(VERSION, version, source.versionLocation, undefined, problems);
  return nameOk && versionOk;
}

function check(rule: NameRule, value: string, location: string, origin: string | undefined, problems: ProblemCollector): boolean {
  const reason = flaw(rule, value);
  if (reason === undefined) return true;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  const from = origin === undefined ? '' : ` (${origin})`;
  problems.error(
    rule.code,
    `${rule.label} ${shown}${from} ${reason}: it must be ${rule.min} to ${rule.max} characters of ${rule.characters} ` +
      `(the adapter API's ${rule.parameter} rule), not "." and without "..", so that both admin APIs can address the API`,
    location,
  );
  return false;
}

function isControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Why the value breaks the rule, most telling first; undefined when it does not. */
function flaw(rule: NameRule, value: string): string | undefined {
  if ([...value].some(isControl)) return 'contains control characters';
  if (value.includes('/')) return 'contains "/"';
  if (value === '.') return 'is "."';
  if (value.includes('..')) return 'contains ".."';
  const others = [...new Set([...value].filter((c) => !rule.allowed.test(c)))];
  if (others.length > 0) return `contains ${others.map((c) => JSON.stringify(c)).join(', ')}`;
  if (value.length < rule.min || value.length > rule.max) return `is ${value.length} characters long`;
  return undefined;
}
