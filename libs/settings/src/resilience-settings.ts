import 'reflect-metadata';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Retries on upstream status codes (spec §9.1) and what bounds them. */
export class RetrySettings {
  /** Highest `retryConfig.count` a definition may ask for; larger or negative counts become this. */
  @IsInt() @Min(0) @Max(100) maxRetryCount = 5;
  /** Back-off base: retry N waits a random time in [0, (2^N − 1) × base], at most 10 × base. */
  @IsInt() @Min(1) baseIntervalMs = 25;
  /** Codes retried when a set lists none that are valid (401–598). */
  @IsArray() @IsInt({ each: true }) @Min(401, { each: true }) @Max(598, { each: true }) statusCodes: number[] = [504];
  /** Retry budget: retries in flight stay under this share of a cluster's active requests… */
  @IsInt() @Min(0) @Max(100) budgetPercent = 20;
  /** …but this many are always allowed, so a quiet cluster can still retry. */
  @IsInt() @Min(0) minRetryConcurrency = 3;
  /**
   * Request bodies are kept up to this size while they stream, so that a try can be replayed;
   * a request whose body streamed past it is never tried again. Only for routes that can retry.
   */
  @IsInt() @Min(0) maxBufferedBodyBytes = 256 * 1024;
}

/**
 * Per-request failover (spec §8.4, Portico's default): a try that fails to connect, or (for
 * idempotent methods) is reset before any response byte, moves at once to a member this request
 * has not tried. Bounded by the set's size and the route timeout, not by retry counts.
 */
export class FailoverSettings {
  @IsBoolean() onConnectionFailure = true;
}

/**
 * Circuit breakers per cluster (spec §9.3): the values used where a definition sets none. Choreo
 * Connect's docs and code disagree (§20); these are Portico's explicit defaults.
 */
export class CircuitBreakerSettings {
  /** Tries in flight to all members together (each holds one connection). */
  @IsInt() @Min(1) maxConnections = 1024;
  /** Requests in flight on the cluster, retries included. */
  @IsInt() @Min(1) maxRequests = 1024;
  /** Tries allowed to wait for a connection once `maxConnections` are busy. */
  @IsInt() @Min(0) maxPendingRequests = 1024;
  /** Retries in flight on the cluster. */
  @IsInt() @Min(0) maxRetries = 3;
  /** Members with tries in flight at once (one connection pool each); 0 = unlimited. */
  @IsInt() @Min(0) maxConnectionPools = 0;
}

/** Active health checks (spec §8.2, §9.4): the defaults of sets with more than one URL. */
export class HealthCheckSettings {
  @IsBoolean() enabled = true;
  @IsInt() @Min(50) intervalMs = 10_000;
  @IsInt() @Min(10) timeoutMs = 1_000;
  @IsInt() @Min(1) unhealthyThreshold = 2;
  @IsInt() @Min(1) healthyThreshold = 2;
  /** HTTP probe path for every checked set (GET, 2xx/3xx is healthy); absent: TCP connect probes. */
  @IsOptional() @IsString() @Matches(/^\/[^\s?#]*(\?[^\s#]*)?$/, { message: 'upstream.healthChecks.path must be an absolute path' }) path?: string;
}

/** Passive outlier ejection (beyond Choreo Connect, spec §8.4), as in Envoy. */
export class OutlierDetectionSettings {
  @IsBoolean() enabled = true;
  /** Consecutive connection failures (refused, reset, timeout) that eject a member. */
  @IsInt() @Min(1) consecutiveGatewayFailures = 3;
  /** Consecutive 5xx responses that eject a member. */
  @IsInt() @Min(1) consecutive5xx = 5;
  /** First ejection; each further one doubles, up to the maximum. */
  @IsInt() @Min(1) baseEjectionTimeMs = 30_000;
  @IsInt() @Min(1) maxEjectionTimeMs = 300_000;
  /** Never more than this share of members ejected at once (the last available member never is). */
  @IsInt() @Min(0) @Max(100) maxEjectionPercent = 50;
  /** Below this share of available members, traffic goes to all members regardless of health (Envoy's panic mode). */
  @IsInt() @Min(0) @Max(100) panicThresholdPercent = 50;
}

/** WebSocket connections (spec §10.2), once upgraded. */
export class WebSocketSettings {
  /** Largest message relayed either way; a larger one closes the connection with 1009. */
  @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) maxMessageBytes = 16 * 1024 * 1024;
  /** A connection silent both ways this long is closed (Choreo Connect's routeIdleTimeoutInSeconds: 300 s). */
  @IsInt() @Min(1000) idleTimeoutMs = 300_000;
  /** A connection open this long is closed with 1001, so clients reconnect to current routes and keys (spec §10.2: 24 h). */
  @IsInt() @Min(1000) maxLifetimeMs = 24 * 60 * 60 * 1000;
  /**
   * After its API is undeployed or redeployed onto other endpoints, a connection may go on this
   * long; then it is closed with 1001 (going away) and its cluster released.
   */
  @IsInt() @Min(0) drainTimeoutMs = 30_000;
}
