import type { BackendAuth, EndpointTlsConfig } from './backend-auth.js';
import type { EndpointsByKeyType } from './key-type.js';

/** The built-in connectors' schemes; a custom connector declares its own (`capabilities.schemes`). */
export type EndpointScheme = 'http' | 'https' | 'ws' | 'wss' | (string & {});

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

/** How a load-balanced set spreads requests (Portico's `x-portico-load-balancer`; spec §8.1: round robin). */
export type LoadBalancerAlgorithm = 'round-robin' | 'weighted-round-robin' | 'least-request';

export interface LoadBalancerConfig {
  readonly algorithm: LoadBalancerAlgorithm;
  /** One positive weight per URL, in URL order; only with `weighted-round-robin`. */
  readonly weights?: readonly number[];
}

/**
 * Active health checking of a set (Portico's `x-portico-health-check`; spec §8.2 probes sets with
 * more than one URL by TCP connect). Each field left out takes `upstream.healthChecks`.
 */
export interface HealthCheckConfig {
  /** False: no probes for this set; true: probes even for a single URL. */
  readonly enabled?: boolean;
  /** HTTP probe path (GET, healthy on 2xx/3xx); absent: a TCP (and TLS) connect probe. */
  readonly path?: string;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly unhealthyThreshold?: number;
  readonly healthyThreshold?: number;
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
  /** Absent: round robin (load-balanced sets) or priority order (failover sets). */
  readonly balancer?: LoadBalancerConfig;
  readonly healthCheck?: HealthCheckConfig;
  /** Credentials the gateway sends to these backends (spec §12 and Portico's extensions). */
  readonly security?: BackendAuth;
  readonly tls?: EndpointTlsConfig;
  /** Portico's `x-portico-connector` in the endpoint object: this set's connector over the API's. */
  readonly connector?: ConnectorOverride;
  /** Where the set was defined, as a JSON pointer or file reference, for messages. */
  readonly location: string;
}

export type EndpointSets = EndpointsByKeyType<EndpointSet>;

/** An endpoint set's own connector choice (`x-portico-connector` in its endpoint object). */
export interface ConnectorOverride {
  /** Absent: the API's connector type, with these options over the API's (key by key). */
  readonly type?: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** File and JSON pointer of the extension, for deploy problems about it. */
  readonly location: string;
}
