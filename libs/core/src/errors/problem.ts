import { PROBLEM_CATEGORY_STATUS, PROBLEM_CODES, type ProblemCategory, type ProblemCode } from './problem-codes.js';

/**
 * A connector's own problem code, namespaced by its connector type (`acme.queue-unknown` for
 * type `acme.queue`…): it refuses a deploy as `invalid` (422). `string & {}` keeps the
 * catalogue's codes offered by editors.
 */
export type ExtensionProblemCode = string & {};

/** One thing wrong with a deploy, with its place in the artifact. */
export interface Problem {
  readonly code: ProblemCode | ExtensionProblemCode;
  readonly message: string;
  /** File and JSON pointer, e.g. `Definitions/swagger.yaml#/paths/~1pet/x-wso2-production-endpoints`. */
  readonly location?: string;
}

/** A deploy or undeploy that was refused; nothing was changed. */
export class DeployRejectedError extends Error {
  readonly status: number;

  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => (p.location ? `${p.message} (at ${p.location})` : p.message)).join('; '));
    this.name = 'DeployRejectedError';
    this.status = statusOf(problems);
  }
}

/** Conflicts and missing APIs win over validation problems, which win over bad uploads. */
function statusOf(problems: readonly Problem[]): number {
  const categories = new Set(problems.map((p) => problemCategory(p.code)));
  if (categories.has('conflict')) return PROBLEM_CATEGORY_STATUS.conflict;
  if (categories.has('not-found')) return PROBLEM_CATEGORY_STATUS['not-found'];
  if (categories.has('input')) return PROBLEM_CATEGORY_STATUS.input;
  return PROBLEM_CATEGORY_STATUS.invalid;
}

/** The category of a code: the catalogue's, or `invalid` for a connector's own codes. */
export function problemCategory(code: string): ProblemCategory {
  return Object.hasOwn(PROBLEM_CODES, code) ? PROBLEM_CODES[code as ProblemCode] : 'invalid';
}
