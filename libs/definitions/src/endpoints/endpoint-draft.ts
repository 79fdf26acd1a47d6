import type { BackendBasicAuth, CircuitBreakerConfig, EndpointUrl, RetryConfig, RoutingPolicyKind } from '#core';

/**
 * An endpoint set as read from one place of the artifact, before backend security (which is
 * decided per key type for the whole API, spec §12) is attached.
 */
export interface EndpointDraft {
  readonly name: string;
  readonly urls: readonly EndpointUrl[];
  readonly policy: RoutingPolicyKind;
  readonly retry?: RetryConfig;
  readonly timeoutMs?: number;
  readonly circuitBreakers?: CircuitBreakerConfig;
  /** `securityConfig` of the endpoint object; only the API-level one takes effect. */
  readonly securityConfig?: BackendBasicAuth;
  /** `file#pointer` of the definition. */
  readonly location: string;
}
