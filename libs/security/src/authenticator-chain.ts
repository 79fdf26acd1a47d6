import { type AuthFailure, REQUEST_ERRORS } from '#core';
import { ApiKeyHeaderStep, ApiKeyQueryStep, BearerTokenStep, type CredentialStep, InternalKeyStep } from './credential-steps.js';
import type { AccessTokenVerifier, ApiIdentity, ApiKeyVerifier, InternalKeyVerifier } from './credential-verifiers.js';
import type { ResolvedRequirement } from './operation-requirements.js';
import { RequirementCheck } from './requirement-check.js';

/**
 * The authenticators of one operation in Choreo Connect's order (spec §11.1): internal key, OAuth2
 * bearer token, then API keys where the schemes say. Each credential is read and verified at
 * most once per request, however many requirements name it.
 */
export interface AuthenticatorChain {
  readonly steps: readonly CredentialStep[];
  /** By step: the requirements it takes part in. Empty for the internal key, which stands alone. */
  readonly requirementsByStep: readonly (readonly number[])[];
  readonly requirements: readonly RequirementCheck[];
}

export interface ChainParts {
  readonly api: ApiIdentity;
  /** Lower-case header of OAuth2 tokens. */
  readonly authHeader: string;
  /** Lower-case internal-key header, or undefined when internal keys are not accepted. */
  readonly internalKeyHeader: string | undefined;
  readonly accessTokens: AccessTokenVerifier;
  readonly apiKeys: ApiKeyVerifier;
  readonly internalKeys: InternalKeyVerifier;
  /** The 403 of a missing scope, its description naming the resource. */
  readonly scopeFailure: AuthFailure;
}

export function buildAuthenticatorChain(requirements: readonly ResolvedRequirement[], parts: ChainParts): AuthenticatorChain {
  const steps: CredentialStep[] = [];
  if (parts.internalKeyHeader !== undefined) steps.push(new InternalKeyStep(parts.internalKeyHeader, parts.internalKeys, parts.api));
  const usesToken = requirements.some((r) => r.some((s) => s.scheme.kind === 'oauth2'));
  const tokenStep = usesToken ? steps.push(new BearerTokenStep(parts.authHeader, parts.accessTokens, parts.api)) - 1 : -1;
  const apiKeySteps = new Map<string, number>();
  for (const { scheme } of requirements.flat()) {
    if (scheme.kind !== 'api-key') continue;
    const key = `${scheme.in}:${scheme.name}`;
    if (apiKeySteps.has(key)) continue;
    const step = scheme.in === 'header' ? new ApiKeyHeaderStep(scheme.name, parts.apiKeys, parts.api) : new ApiKeyQueryStep(scheme.name, parts.apiKeys, parts.api);
    apiKeySteps.set(key, steps.push(step) - 1);
  }

  const requirementsByStep = steps.map((): number[] => []);
  const checks = requirements.map((requirement, index) => {
    const used = new Set<number>();
    const scopeLists: ReadonlySet<string>[] = [];
    for (const { scheme, scopes } of requirement) {
      if (scheme.kind === 'oauth2') {
        used.add(tokenStep);
        // Scopes only mean something for OAuth2 tokens; API keys carry none (spec §11.2 step 9).
        if (scopes.length > 0) scopeLists.push(new Set(scopes));
      } else {
        used.add(apiKeySteps.get(`${scheme.in}:${scheme.name}`)!);
      }
    }
    const ordered = [...used].sort((a, b) => a - b);
    for (const step of ordered) requirementsByStep[step]!.push(index);
    return new RequirementCheck(ordered, tokenStep, scopeLists, parts.scopeFailure);
  });
  return { steps, requirementsByStep, requirements: checks };
}

/** No authenticator could try (spec §11.1): Choreo Connect's 900901, never 900902. */
export const MISSING_CREDENTIALS: AuthFailure = { failure: REQUEST_ERRORS.missingCredentials };
