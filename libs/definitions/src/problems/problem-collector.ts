import { DeployRejectedError, type Problem, type ProblemCode } from '#core';

/**
 * Gathers every problem of one load, so a rejected deploy lists all of them at once. Warnings are
 * non-fatal normalisations returned next to the API.
 */
export class ProblemCollector {
  private readonly errorList: Problem[] = [];
  private readonly warningList: Problem[] = [];

  error(code: ProblemCode, message: string, location?: string): void {
    this.errorList.push(problem(code, message, location));
  }

  warn(code: ProblemCode, message: string, location?: string): void {
    this.warningList.push(problem(code, message, location));
  }

  get hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  get errors(): readonly Problem[] {
    return this.errorList;
  }

  get warnings(): readonly Problem[] {
    return this.warningList;
  }

  /** Ends the load when something is already wrong: later steps would only add noise. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new DeployRejectedError([...this.errorList]);
  }
}

function problem(code: ProblemCode, message: string, location: string | undefined): Problem {
  return location === undefined ? { code, message } : { code, message, location };
}
