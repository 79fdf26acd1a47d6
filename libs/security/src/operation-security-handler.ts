import { type AuthResult, isAuthFailure, type OperationSecurity, type Principal, type SecurityRequest } from '#core';
import { AuthenticationAttempt } from './authentication-attempt.js';
import { type AuthenticatorChain, MISSING_CREDENTIALS } from './authenticator-chain.js';
import type { KeyTypeAcceptance } from './key-type-acceptance.js';

/**
 * The security of one secured operation at request time. Steps run in chain order; the first
 * requirement met ends the chain; otherwise the first failure recorded is the answer, or
 * "missing credentials" when no step could try (spec §11.1). The answer is a plain value unless
 * a verifier answered with a promise (a JWKS fetch, say).
 */
export class OperationSecurityHandler implements OperationSecurity {
  readonly secured = true;

  constructor(
    private readonly chain: AuthenticatorChain,
    private readonly keyTypes: KeyTypeAcceptance,
    readonly strippedHeaders: readonly string[],
    readonly strippedQueryParameters: readonly string[],
  ) {}

  authenticate(request: SecurityRequest): AuthResult | Promise<AuthResult> {
    return this.continueFrom(0, request, new AuthenticationAttempt(this.chain.steps.length));
  }

  private continueFrom(first: number, request: SecurityRequest, attempt: AuthenticationAttempt): AuthResult | Promise<AuthResult> {
    const steps = this.chain.steps;
    for (let index = first; index < steps.length; index++) {
      const step = steps[index]!;
      const credential = step.read(request, attempt);
      if (credential === undefined) continue;
      const outcome = step.verify(credential, request);
      if (isPromiseLike(outcome)) {
        // Promise.resolve: the data plane tells a pending answer by `instanceof Promise`.
        return Promise.resolve(outcome).then((result) => this.settle(index, result, attempt) ?? this.continueFrom(index + 1, request, attempt));
      }
      const caller = this.settle(index, outcome, attempt);
      if (caller !== undefined) return caller;
    }
    return attempt.firstFailure ?? MISSING_CREDENTIALS;
  }

  /** Records one verifier's answer; returns the caller once a requirement is met. */
  private settle(index: number, result: AuthResult, attempt: AuthenticationAttempt): Principal | undefined {
    if (isAuthFailure(result)) {
      attempt.fail(result);
      return undefined;
    }
    const refused = this.keyTypes.refusalOf(result.keyType);
    if (refused !== undefined) {
      attempt.fail(refused);
      return undefined;
    }
    const requirements = this.chain.requirementsByStep[index]!;
    if (requirements.length === 0) return result;
    attempt.principals[index] = result;
    for (const requirement of requirements) {
      const outcome = this.chain.requirements[requirement]!.evaluate(attempt.principals);
      if (outcome === undefined) continue;
      if (!isAuthFailure(outcome)) return outcome;
      attempt.fail(outcome);
    }
    return undefined;
  }
}

function isPromiseLike(value: AuthResult | PromiseLike<AuthResult>): value is PromiseLike<AuthResult> {
  return typeof (value as { then?: unknown }).then === 'function';
}
