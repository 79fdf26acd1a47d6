import type { CompileProblems, Operation, Problem, ProblemCode, Resource, SecurityRequirement } from '#core';
import type { SchemeTable } from './scheme-table.js';
import { OAUTH2_SCHEME, type VerifiableScheme } from './security-scheme.js';

/** One scheme of a requirement, with the scopes the requirement lists for it. */
export interface RequiredScheme {
  readonly name: string;
  readonly scheme: VerifiableScheme;
  readonly scopes: readonly string[];
}

/** A requirement object: ALL its schemes must succeed (Choreo Connect used only the first one). */
export type ResolvedRequirement = readonly RequiredScheme[];

/** "The resource requires no scheme" (spec §11.1): an OAuth2 bearer token, no scope needed. */
const NO_REQUIREMENT: readonly ResolvedRequirement[] = [[{ name: 'default', scheme: OAUTH2_SCHEME, scopes: [] }]];

/**
 * The operation's requirements (ORed) that the gateway will check. A requirement naming an
 * undefined scheme is dropped with a warning; one naming a scheme the gateway cannot verify is
 * an error, so the deploy is refused rather than a route published that nobody can call.
 */
export function resolveRequirements(
  resource: Resource,
  operation: Operation,
  table: SchemeTable,
  problems: CompileProblems,
): readonly ResolvedRequirement[] {
  const where = `${operation.method} ${resource.path}`;
  const warn = (code: ProblemCode, message: string): void => {
    problems.warnings.push({ code, message, location: operation.location });
  };
  const resolved: ResolvedRequirement[] = [];
  for (const requirement of withAddedRequirements(operation.security, table.addedRequirements)) {
    const names = Object.keys(requirement);
    if (names.length === 0) {
      warn('security.requirement-empty', `${where}: an empty security requirement ({}) does not allow anonymous calls here; use x-wso2-disable-security: true for that`);
      continue;
    }
    const undefinedNames = names.filter((name) => !table.schemes.has(name));
    if (undefinedNames.length > 0) {
      reportDropped(where, requirement, undefinedNames, table, warn);
      continue;
    }
    const schemes: RequiredScheme[] = [];
    for (const name of names) {
      const scheme = table.schemes.get(name)!;
      if (scheme.kind === 'unsupported') addOnce(problems.errors, { code: 'security.scheme-unsupported', message: `security scheme "${name}": ${scheme.reason}`, location: table.pointerOf(name) });
      else schemes.push({ name, scheme, scopes: requirement[name] ?? [] });
    }
    if (schemes.length === names.length) resolved.push(schemes);
  }
  return resolved.length > 0 ? resolved : NO_REQUIREMENT;
}

function reportDropped(
  where: string,
  requirement: SecurityRequirement,
  undefinedNames: readonly string[],
  table: SchemeTable,
  warn: (code: ProblemCode, message: string) => void,
): void {
  const unknown = undefinedNames.filter((name) => !table.replacedByApiYaml.has(name));
  if (unknown.length > 0) {
    warn('security.scheme-unknown', `${where}: security requirement dropped: scheme ${unknown.map((n) => `"${n}"`).join(', ')} is not defined`);
    return;
  }
  // Dropping an API Manager export's scheme is what api.yaml asked for; only lost scopes deserve a word.
  const scoped = undefinedNames.filter((name) => (requirement[name] ?? []).length > 0);
  if (scoped.length > 0) {
    warn('security.scheme-replaced', `${where}: security requirement dropped with its scopes: api.yaml securityScheme replaces scheme ${scoped.map((n) => `"${n}"`).join(', ')}`);
  }
}

/** The api.yaml `api_key` requirements join the operation's, unless it names them already. */
function withAddedRequirements(own: readonly SecurityRequirement[], added: readonly SecurityRequirement[]): readonly SecurityRequirement[] {
  if (added.length === 0) return own;
  const alone = (r: SecurityRequirement): string | undefined => {
    const names = Object.keys(r);
    return names.length === 1 ? names[0] : undefined;
  };
  const present = new Set(own.map(alone));
  return [...own, ...added.filter((r) => !present.has(alone(r)))];
}

/** A scheme used by many operations is one problem, not one per operation. */
function addOnce(list: Problem[], problem: Problem): void {
  if (!list.some((p) => p.code === problem.code && p.location === problem.location)) list.push(problem);
}
