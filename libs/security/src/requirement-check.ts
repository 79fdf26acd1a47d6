import type { AuthFailure, AuthResult, Principal } from '#core';

/**
 * One security requirement, compiled: the chain steps whose credentials must all verify, and the
 * scopes the OAuth2 token must carry (spec §11.2 step 9: at least one of the listed scopes; one
 * such list per OAuth2 scheme of the requirement).
 */
export class RequirementCheck {
  constructor(
    /** Chain step indexes, ascending: the first one's principal represents the caller. */
    private readonly steps: readonly number[],
    private readonly tokenStep: number,
    private readonly scopeLists: readonly ReadonlySet<string>[],
    private readonly scopeFailure: AuthFailure,
  ) {}

  /** The caller once every credential verified, the scope failure, or undefined while one is still missing. */
  evaluate(principals: readonly (Principal | undefined)[]): AuthResult | undefined {
    for (const step of this.steps) if (principals[step] === undefined) return undefined;
    if (this.scopeLists.length > 0) {
      const granted = principals[this.tokenStep]!.scopes;
      for (const listed of this.scopeLists) if (!grantsOneOf(granted, listed)) return this.scopeFailure;
    }
    return principals[this.steps[0]!];
  }
}

function grantsOneOf(granted: readonly string[], listed: ReadonlySet<string>): boolean {
  for (const scope of granted) if (listed.has(scope)) return true;
  return false;
}
