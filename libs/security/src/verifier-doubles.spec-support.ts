import { type ApiDefinition, type AuthResult, type CompileProblems, type OperationSecurity, type Principal, REQUEST_ERRORS, type SecurityRequest } from '#core';
import { GatewaySettings, type SecuritySettings } from '#settings';
import { ConsumerSecurityCompiler } from './consumer-security.compiler.js';
import { AccessTokenVerifier, type ApiIdentity, ApiKeyVerifier, InternalKeyVerifier } from './credential-verifiers.js';
import { noProblems, resourceOf } from './test-api.spec-support.js';

/**
 * Doubles of OUR verifier contract (credential-verifiers.ts): each answers from a table of
 * credentials, synchronously or as a promise, and records what it was asked. The real verifiers
 * have their own suites; these let the compiler's chain be seen alone.
 */
type Answers = Readonly<Record<string, AuthResult>>;
export type Timing = 'sync' | 'async';

const INVALID: AuthResult = { failure: REQUEST_ERRORS.invalidCredentials };

function answer(answers: Answers, credential: string, timing: Timing): AuthResult | Promise<AuthResult> {
  const result = answers[credential] ?? INVALID;
  return timing === 'async' ? Promise.resolve(result) : result;
}

export class TokenTable extends AccessTokenVerifier {
  readonly asked: string[] = [];
  readonly apis: ApiIdentity[] = [];
  constructor(private readonly answers: Answers = {}, private readonly timing: Timing = 'sync') {
    super();
  }
  verify(token: string, api: ApiIdentity): AuthResult | Promise<AuthResult> {
    this.asked.push(token);
    this.apis.push(api);
    return answer(this.answers, token, this.timing);
  }
}

export class ApiKeyTable extends ApiKeyVerifier {
  readonly asked: string[] = [];
  constructor(private readonly answers: Answers = {}, private readonly timing: Timing = 'sync') {
    super();
  }
  verify(key: string, _api: ApiIdentity, _request: SecurityRequest): AuthResult | Promise<AuthResult> {
    this.asked.push(key);
    return answer(this.answers, key, this.timing);
  }
}

export class InternalKeyTable extends InternalKeyVerifier {
  readonly asked: string[] = [];
  constructor(private readonly answers: Answers = {}, readonly enabled = true, private readonly timing: Timing = 'sync') {
    super();
  }
  verify(key: string, _api: ApiIdentity): AuthResult | Promise<AuthResult> {
    this.asked.push(key);
    return answer(this.answers, key, this.timing);
  }
}

/** A verified caller as a verifier reports it. */
export function caller(scheme: Principal['scheme'], fields: Partial<Principal> = {}): Principal {
  return { scheme, keyType: 'PRODUCTION', subject: `${scheme}-user`, scopes: [], claims: {}, ...fields };
}

export interface Verifiers {
  readonly tokens?: TokenTable;
  readonly apiKeys?: ApiKeyTable;
  readonly internalKeys?: InternalKeyTable;
  readonly security?: Partial<SecuritySettings>;
}

export function compilerWith(verifiers: Verifiers = {}): ConsumerSecurityCompiler {
  const settings = new GatewaySettings();
  Object.assign(settings.security, verifiers.security);
  return new ConsumerSecurityCompiler(
    settings,
    verifiers.tokens ?? new TokenTable(),
    verifiers.apiKeys ?? new ApiKeyTable(),
    verifiers.internalKeys ?? new InternalKeyTable({}, false),
  );
}

/** Compiles the (first) operation at `path` as the deploy pipeline does. */
export function compiled(api: ApiDefinition, path: string, verifiers: Verifiers = {}): { security: OperationSecurity; problems: CompileProblems } {
  const { resource, operation } = resourceOf(api, path);
  const problems = noProblems();
  return { security: compilerWith(verifiers).compile(api, resource, operation, problems), problems };
}

/** A request as the data plane hands it over: lower-case header names, raw query without `?`. */
export function request(headers: Record<string, string> = {}, query = ''): SecurityRequest {
  return { headers, query, clientAddress: '127.0.0.1' };
}
