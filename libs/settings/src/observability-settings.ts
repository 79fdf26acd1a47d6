import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsPositive, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Where a log stream goes: standard output, standard error, or a file (appended, reopened on SIGHUP). */
export type LogDestinationSetting = 'stdout' | 'stderr' | (string & {});

/** The request id every data-plane request carries (`X-Request-ID`): logs, error bodies, backends and responses. */
export class RequestIdSettings {
  /** The header it travels in, to the backend and back to the client. */
  @IsString() @Matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'dataPlane.requestId.header must be an HTTP header name' }) header = 'x-request-id';
  /**
   * Whose incoming id is kept: `trusted-proxies` (the clients of dataPlane.trustedProxies), `any`
   * client, or `none` (always generated). A kept id must be 1–128 characters of `A-Za-z0-9._:@/+=-`;
   * anything else is replaced, so an id can never inject into a log line or a header.
   */
  @IsIn(['trusted-proxies', 'any', 'none']) acceptFrom: 'trusted-proxies' | 'any' | 'none' = 'trusted-proxies';
  /**
   * The gateway's JSON error bodies carry the id as a last field, `requestId`. Off by default:
   * Choreo Connect's bodies have exactly their three fields (spec §16), and clients' tests compare
   * them as strings. The id is in the response header of every error either way.
   */
  @IsBoolean() inErrorBodies = false;
}

/** One line per data-plane request. */
export class AccessLogSettings {
  @IsBoolean() enabled = true;
  /** `json` (one object per line) or `logfmt` (`key=value` pairs). */
  @IsIn(['json', 'logfmt']) format: 'json' | 'logfmt' = 'json';
  /** `stdout`, `stderr` or a file path (relative to the settings file), appended and reopened on SIGHUP. */
  @IsString() @MinLength(1) destination: LogDestinationSetting = 'stdout';
}

/** Prometheus metrics (prom-client). */
export class MetricsSettings {
  @IsBoolean() enabled = true;
  /** Path of the scrape endpoint on the admin listener (and on `port`, when set). */
  @IsString() @Matches(/^\/[A-Za-z0-9._~/-]*$/) path = '/metrics';
  /** Scrapes on the admin listener need admin credentials (Basic or a token), as every admin call. */
  @IsBoolean() requireAuthentication = true;
  /** A listener of its own for scrapes, without authentication (keep it on a private address). Absent: none. */
  @IsOptional() @IsInt() @Min(0) @Max(65535) port?: number;
  @IsString() host = '127.0.0.1';
  /** Bucket bounds of the latency histograms (seconds, ascending). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsNumber({}, { each: true }) @IsPositive({ each: true })
  latencyBuckets: number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  /** Seconds between two samples of the traffic history (`GET /portico/v1/traffic`, the dashboard's charts); one hour is kept. */
  @IsInt() @Min(1) @Max(60) trafficSampleSeconds = 10;
}

/** Spans exported over OTLP/HTTP (JSON); off by default, and then nothing is recorded. */
export class TracingSettings {
  @IsBoolean() enabled = false;
  /** The collector's traces URL, e.g. `http://otel-collector:4318/v1/traces`. Required when enabled. */
  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'tracing.otlpEndpoint must be an http(s) URL' }) otlpEndpoint?: string;
  /** Extra headers sent with every export (a collector's API key, say); values may use $env{NAME}. */
  @IsObject() headers: Record<string, string> = {};
  /** `service.name` of the spans. */
  @IsString() @MinLength(1) serviceName = 'portico';
  /** Share of requests without a sampled parent that are traced (0–1); a caller's sampled `traceparent` is always followed. */
  @IsNumber() @Min(0) @Max(1) sampleRatio = 1;
  /** Spans kept waiting for export at most; more are dropped (and counted). */
  @IsInt() @Min(1) @Max(1_000_000) maxQueuedSpans = 8192;
  /** Spans per export request. */
  @IsInt() @Min(1) @Max(10_000) maxBatchSpans = 512;
  /** Time between exports (ms). */
  @IsInt() @Min(100) @Max(600_000) exportIntervalMs = 2000;
  /** Time an export request may take (ms). */
  @IsInt() @Min(100) @Max(120_000) exportTimeoutMs = 10_000;
}
