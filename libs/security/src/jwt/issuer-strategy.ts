import type { KeyObject } from 'node:crypto';
import type { VerifyOptions } from 'jsonwebtoken';
import { Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import { type AuthFailure, REQUEST_ERRORS } from '#core';

/** The signature algorithms access tokens may use; never `none`, never HS* (a public key is no secret). */
export const ACCESS_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'] as const;

/** What a strategy run is handed in place of an HTTP request: the token and its decoded header fields. */
export interface TokenRequest {
  readonly token: string;
  readonly kid: string | undefined;
  readonly alg: string;
}

/**
 * No key can check the token: an unknown `kid`, no `kid` at an issuer that has only a JWKS,
 * an HS* token. Choreo Connect answers these as internal errors (spec §11.2 step 5: 900900).
 */
export class KeyUnavailable extends Error {}

export type KeyChoice = KeyObject | KeyUnavailable;
export type KeyLookup = (request: TokenRequest) => KeyChoice | Promise<KeyChoice>;

/** A token whose signature, issuer, `exp` and `nbf` passport-jwt accepted. */
export interface StrategyPass {
  readonly payload: Readonly<Record<string, unknown>>;
}
export type StrategyOutcome = StrategyPass | AuthFailure;

const INVALID: AuthFailure = { failure: REQUEST_ERRORS.invalidCredentials };
const UNCLASSIFIED: AuthFailure = { failure: REQUEST_ERRORS.unclassifiedAuthentication };

/** The passport callbacks a run sets on its own object (passport-jwt calls them on `this`). */
interface StrategyRun {
  authenticate(request: TokenRequest): void;
  success(user: unknown): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  /** passport-jwt's copy of the jsonwebtoken options; a run overrides it to give jsonwebtoken our clock. */
  _verifOpts: VerifyOptions;
}

/**
 * The passport-jwt strategy of one issuer, built once at start: its key comes from `lookup`
 * (JWKS by `kid`, else the certificate), `iss` must match exactly, and `exp`/`nbf` are checked
 * with the configured clock skew.
 */
export function createIssuerStrategy(issuer: string, lookup: KeyLookup, clockSkewSeconds: number): Strategy {
  const options: StrategyOptionsWithoutRequest = {
    jwtFromRequest: (request: TokenRequest) => request.token,
    secretOrKeyProvider: (request: TokenRequest, _rawToken: unknown, done: (error: unknown, key?: string | Buffer) => void) => {
      const choice = lookup(request);
      // jsonwebtoken takes a KeyObject as it is; the typings only know PEM text.
      const deliver = (key: KeyChoice): void => (key instanceof KeyUnavailable ? done(key) : done(null, key as unknown as Buffer));
      if (choice instanceof Promise) choice.then(deliver, (error: unknown) => done(new KeyUnavailable(String(error))));
      else deliver(choice);
    },
    issuer,
    algorithms: [...ACCESS_TOKEN_ALGORITHMS],
    ignoreExpiration: false,
    jsonWebTokenOptions: { clockTolerance: clockSkewSeconds },
  };
  return new Strategy(options, (payload: unknown, done: (error: unknown, user?: unknown) => void) => done(null, payload));
}

/**
 * Runs the strategy for one token without registering it anywhere (no `passport.use`): the
 * callbacks go on a per-run object whose prototype is the strategy. Answers synchronously when
 * the key was at hand (jsonwebtoken then calls back at once), else with a promise.
 */
export function runIssuerStrategy(strategy: Strategy, request: TokenRequest, nowSeconds: number): StrategyOutcome | Promise<StrategyOutcome> {
  let outcome: StrategyOutcome | undefined;
  let resolve: ((value: StrategyOutcome) => void) | undefined;
  const settle = (value: StrategyOutcome): void => {
    if (outcome !== undefined) return;
    outcome = value;
    resolve?.(value);
  };
  const run = Object.create(strategy) as StrategyRun;
  run._verifOpts = { ...(strategy as unknown as StrategyRun)._verifOpts, clockTimestamp: nowSeconds };
  run.success = (payload) => settle({ payload: payload as Record<string, unknown> });
  run.fail = (challenge) => settle(challenge instanceof KeyUnavailable ? UNCLASSIFIED : INVALID);
  run.error = () => settle(UNCLASSIFIED);
  try {
    run.authenticate(request);
  } catch {
    settle(UNCLASSIFIED);
  }
  if (outcome !== undefined) return outcome;
  return new Promise<StrategyOutcome>((done) => {
    resolve = done;
  });
}
