import type { AuthFailure, Principal, SecurityRequest } from '#core';

/**
 * What one request's authentication has found so far: the principals of the credentials that
 * verified (by chain step), the first failure recorded (spec §11.1: that is the answer when no
 * requirement is met) and the query parameters, parsed only if a step asks for them.
 */
export class AuthenticationAttempt {
  firstFailure: AuthFailure | undefined;
  readonly principals: (Principal | undefined)[];
  private query: URLSearchParams | undefined;

  constructor(steps: number) {
    this.principals = new Array<Principal | undefined>(steps);
  }

  fail(failure: AuthFailure): void {
    this.firstFailure ??= failure;
  }

  queryParameters(request: SecurityRequest): URLSearchParams {
    this.query ??= new URLSearchParams(request.query);
    return this.query;
  }
}
