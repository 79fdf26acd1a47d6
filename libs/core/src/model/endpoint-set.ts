import type { EndpointsByKeyType } from './key-type.js';

export type EndpointScheme = 'http' | 'https' | 'ws' | 'wss';

/** One backend address of an endpoint set, parsed once at deploy time (spec §6.3). */
export interface EndpointUrl {
  /** The URL as written in the definition (after trimming), used for certificate mapping. */
  readonly rawUrl: string;
  readonly scheme: EndpointScheme;
  readonly host: string;
  readonly port: number;
  /** Path part of the URL without a trailing slash ('' when the URL has no path). */
  readonly basePath: string;
  /**
   * PEM certificates trusted for this URL (spec §14.2): the certificate mapped to it in
   * endpoint_certificates.yaml, else the API's unmapped certificates. Undefined: the
   * gateway-wide trust store applies.
   */
  readonly trustedCertificates?: readonly string[];
}

export type RoutingPolicyKind = 'LOAD_BALANCE' | 'FAILOVER';

/** Retry on upstream response codes (spec §9.1), normalised at deploy time. */
export interface RetryConfig {
  /** Additional attempts after the first one. */
  readonly count: number;
  readonly statusCodes: readonly number[];
}

/** Admission limits per endpoint set (spec §9.3); only positive values are kept. */
export interface CircuitBreakerConfig {
  readonly maxConnections?: number;
  readonly maxRequests?: number;
  readonly maxPendingRequests?: number;
  readonly maxRetries?: number;
  readonly maxConnectionPools?: number;
}

/** Credentials the gateway adds towards the backend (spec §12). */
export interface BackendBasicAuth {
  readonly type: 'BASIC';
  readonly username: string;
  readonly password: string;
}

/**
 * A group of backend URLs with one routing policy: one upstream cluster at runtime
 * (spec §6.2, §8). Mock and other endpoint-less connectors get a set with no URLs.
 */
export interface EndpointSet {
  /** Stable name within the API, e.g. `PRODUCTION`, `/pet/{id} SANDBOX`, `ref:myEndpoint`. */
  readonly name: string;
  readonly urls: readonly EndpointUrl[];
  readonly policy: RoutingPolicyKind;
  readonly retry?: RetryConfig;
  /** Upstream response timeout in ms (already capped at the configured maximum). */
  readonly timeoutMs?: number;
  readonly circuitBreakers?: CircuitBreakerConfig;
  readonly security?: BackendBasicAuth;
  /** Where the set was defined, as a JSON pointer or file reference, for messages. */
  readonly location: string;
}

export type EndpointSets = EndpointsByKeyType<EndpointSet>;
