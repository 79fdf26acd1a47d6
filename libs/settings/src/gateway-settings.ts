import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsAddressRange } from './address-range.validator.js';
import {
  ADMIN_HOST_MESSAGE,
  ADMIN_HOST_PATTERN,
  ADMIN_ORIGIN_MESSAGE,
  ADMIN_ORIGIN_PATTERN,
  AdminEventsSettings,
  AdminLimitsSettings,
} from './admin-limits-settings.js';
import { AuditSettings } from './audit-settings.js';
import { BackendJwtSettings } from './backend-jwt-settings.js';
import { CorsSettings } from './cors-settings.js';
import { DefinitionLimitsSettings } from './definition-limits-settings.js';
import { LoginThrottleSettings } from './login-throttle-settings.js';
import { AccessLogSettings, MetricsSettings, RequestIdSettings, TracingSettings } from './observability-settings.js';
import { CircuitBreakerSettings, FailoverSettings, HealthCheckSettings, OutlierDetectionSettings, RetrySettings, WebSocketSettings } from './resilience-settings.js';
import { DeploymentStoreSettings, type WorkersSetting } from './scaling-settings.js';
import { SecuritySettings } from './security-settings.js';
import { AdminUserSettings } from './user-settings.js';
import { UpstreamDestinationSettings } from './upstream-destination-settings.js';

/**
 * Every setting of the gateway, with its default. `config/gateway.yaml` and `PORTICO_*`
 * environment variables override these (see settings-loader.ts); the result is validated
 * once at start and never changes while the process runs.
 */

export class ListenerTlsSettings {
  /** PEM certificate chain; with keyFile. When both are absent a development certificate is generated. */
  @IsOptional() @IsString() certFile?: string;
  @IsOptional() @IsString() keyFile?: string;
}

export class DataPlaneLimitsSettings {
  /** Largest request body accepted (bytes); larger bodies get 413. 0 = no limit. */
  @IsInt() @Min(0) maxRequestBodyBytes = 1024 * 1024 * 1024;
  /** Largest request head accepted (bytes); larger heads get 431. */
  @IsInt() @Min(1024) @Max(1024 * 1024) maxHeaderBytes = 64 * 1024;
  /** Time allowed to receive the whole request head (ms). */
  @IsInt() @Min(1000) headersTimeoutMs = 60_000;
  /** Idle time before a client keep-alive connection is closed (ms). */
  @IsInt() @Min(1000) keepAliveTimeoutMs = 60_000;
  /** Most header fields one request may carry; more get 431 (Envoy's default: 100). */
  @IsInt() @Min(10) @Max(10_000) maxHeaderCount = 100;
  /**
   * Open connections per listener (HTTP and HTTPS each). Over the cap a new connection is closed
   * as soon as it is accepted; established connections and their requests are never touched.
   */
  @IsInt() @Min(1) @Max(1_000_000) maxConnections = 10_000;
}

export class DataPlaneSettings {
  @IsString() host = '0.0.0.0';
  /** HTTP listener port (0 = any free port; the chosen port is logged). */
  @IsInt() @Min(0) @Max(65535) httpPort = 9090;
  /** HTTPS listener port (0 = any free port). */
  @IsInt() @Min(0) @Max(65535) httpsPort = 9095;
  @IsBoolean() httpsEnabled = true;
  @ValidateNested() @Type(() => ListenerTlsSettings) tls = new ListenerTlsSettings();
  @ValidateNested() @Type(() => DataPlaneLimitsSettings) limits = new DataPlaneLimitsSettings();
  /**
   * Requests whose Host matches no known vhost (an IP address, say) are routed on the default
   * environment's vhost. false = Choreo Connect's strict behaviour (404).
   */
  @IsBoolean() unknownHostFallback = true;
  /** Time allowed for in-flight requests to finish at shutdown (ms). */
  @IsInt() @Min(0) drainTimeoutMs = 10_000;
  /**
   * After SIGTERM, time during which `/ready` answers 503 while the listeners keep accepting and
   * serving, so load balancers and Kubernetes endpoints stop sending traffic before the listeners
   * close (ms). SIGINT (Ctrl-C) skips it. Kubernetes' default grace period (30 s) must cover it
   * plus drainTimeoutMs.
   */
  @IsInt() @Min(0) @Max(300_000) shutdownDelayMs = 5_000;
  /**
   * `%2F`, `%5C` and a raw backslash in a request path: `reject` (400, Envoy's edge recommendation), `keep`
   * (forwarded escaped; a segment hiding `..` behind them is still refused) or `unescape`
   * (turned into `/` before the path is normalised).
   */
  @IsIn(['reject', 'keep', 'unescape']) escapedSlashes: 'reject' | 'keep' | 'unescape' = 'reject';
  /**
   * The gateway's own errors (401, 404, 503, …) for SOAP requests are SOAP 1.1 / 1.2 faults instead of
   * JSON (spec §10.3, §16.3; Choreo Connect's `[adapter] soapErrorInXMLEnabled`). An API's
   * `x-portico-soap-errors` overrides it for errors after its route matched.
   */
  @IsBoolean() soapErrorsInXml = false;
  @ValidateNested() @Type(() => CorsSettings) cors = new CorsSettings();
  /**
   * Addresses and CIDR ranges of proxies in front of the gateway (load balancers) whose
   * `X-Forwarded-*`, `Forwarded` and `X-Real-IP` headers are trusted and appended to. From any
   * other client they are replaced by the gateway's own values. Empty: no client is trusted.
   */
  @IsArray() @IsAddressRange({ each: true }) trustedProxies: string[] = [];
  @ValidateNested() @Type(() => RequestIdSettings) requestId = new RequestIdSettings();
}

export class AdminSettings {
  @IsBoolean() enabled = true;
  @IsString() host = '127.0.0.1';
  @IsInt() @Min(0) @Max(65535) port = 9843;
  /** `both` answers HTTP and HTTPS on the one port (told apart by the first byte). */
  @IsIn(['both', 'https', 'http']) protocols: 'both' | 'https' | 'http' = 'both';
  @ValidateNested() @Type(() => ListenerTlsSettings) tls = new ListenerTlsSettings();
  @IsArray() @ValidateNested({ each: true }) @Type(() => AdminUserSettings) users: AdminUserSettings[] = [];
  /** Lifetime of tokens from the token endpoint, e.g. `1h`, `30m` (capped at 24h). */
  @IsString() @Matches(/^\d+(ms|s|m|h)$/) tokenTtl = '1h';
  /** PEM RSA private key signing admin tokens; generated into the data directory when absent. */
  @IsOptional() @IsString() tokenKeyFile?: string;
  /** Largest artifact accepted by the deploy endpoints (bytes). */
  @IsInt() @Min(1024) maxUploadBytes = 50 * 1024 * 1024;
  /** Failed logins: per user name and client address, back-off lockouts answered 429. */
  @ValidateNested() @Type(() => LoginThrottleSettings) loginThrottle = new LoginThrottleSettings();
  @ValidateNested() @Type(() => AdminLimitsSettings) limits = new AdminLimitsSettings();
  @ValidateNested() @Type(() => AdminEventsSettings) events = new AdminEventsSettings();
  /** Who deployed, undeployed or logged in, from where, with what outcome (one JSON line per event). */
  @ValidateNested() @Type(() => AuditSettings) audit = new AuditSettings();
  /**
   * Host names (no port) the admin API answers besides the loopback names and admin.host, so a
   * web page cannot reach it through DNS rebinding; `*` accepts any Host.
   */
  @IsArray() @Matches(ADMIN_HOST_PATTERN, { each: true, message: ADMIN_HOST_MESSAGE }) allowedHosts: string[] = [];
  /**
   * Client addresses and CIDR ranges the admin listener accepts connections from; empty: any.
   * Others are closed at once, before TLS or HTTP, so an admin API off loopback can be limited
   * to the operators' network without a firewall rule.
   */
  @IsArray() @IsAddressRange({ each: true }) allowedClients: string[] = [];
  /** Browser origins (`https://ops.example.com`) allowed to call the admin API besides its own. */
  @IsArray() @Matches(ADMIN_ORIGIN_PATTERN, { each: true, message: ADMIN_ORIGIN_MESSAGE }) allowedOrigins: string[] = [];
}

export class EnvironmentSettings {
  @IsString() @MinLength(1) name!: string;
  /** Default vhost of the environment. */
  @IsString() @Matches(/^[a-zA-Z0-9*]([a-zA-Z0-9*.-]*[a-zA-Z0-9])?$/) vhost!: string;
}

/** A client certificate for mutual TLS to backends, referenced by name from `x-portico-tls`. */
export class NamedClientCertificateSettings {
  @IsString() @Matches(/^[A-Za-z0-9._-]+$/) name!: string;
  @IsString() @MinLength(1) certificateFile!: string;
  @IsString() @MinLength(1) keyFile!: string;
}

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersionSetting = (typeof TLS_VERSIONS)[number];

export class UpstreamTlsSettings {
  /** PEM bundle trusted for HTTPS backends, besides the system CAs, when an API brings no certificates. */
  @IsOptional() @IsString() trustedCertFile?: string;
  /** Trust the system (Node's bundled) CAs for APIs without certificates of their own. */
  @IsBoolean() trustSystemCas = true;
  @IsBoolean() verifyHostname = true;
  /** Accept any backend certificate. Never in production. */
  @IsBoolean() disableVerification = false;
  /** The gateway's client certificate (PEM chain) presented to every TLS backend that asks for one (spec §14.3); with clientKeyFile. */
  @IsOptional() @IsString() @MinLength(1) clientCertificateFile?: string;
  @IsOptional() @IsString() @MinLength(1) clientKeyFile?: string;
  /** Further client certificates, used for the endpoint sets whose `x-portico-tls.clientCertificate` names them. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => NamedClientCertificateSettings) clientCertificates: NamedClientCertificateSettings[] = [];
  @IsIn(TLS_VERSIONS) minVersion: TlsVersionSetting = 'TLSv1.2';
  @IsIn(TLS_VERSIONS) maxVersion: TlsVersionSetting = 'TLSv1.3';
  /** OpenSSL cipher list for TLS 1.2 and below; absent: Node's defaults. */
  @IsOptional() @IsString() @MinLength(1) ciphers?: string;
}

export class UpstreamSettings {
  @IsInt() @Min(1) connectTimeoutMs = 20_000;
  /** Time for the backend to start answering (response head) when the endpoint set sets no timeout (ms). */
  @IsInt() @Min(1) routeTimeoutMs = 60_000;
  /** Upper bound for endpoint timeouts from definitions (ms); larger values are capped. */
  @IsInt() @Min(1) maxRouteTimeoutMs = 60_000;
  /** Longest silence while a response body streams (ms). */
  @IsInt() @Min(1) idleTimeoutMs = 300_000;
  /** Connections per backend endpoint (keep-alive pool size). */
  @IsInt() @Min(1) maxConnectionsPerEndpoint = 128;
  @IsInt() @Min(1) keepAliveTimeoutMs = 60_000;
  @ValidateNested() @Type(() => RetrySettings) retry = new RetrySettings();
  @ValidateNested() @Type(() => FailoverSettings) failover = new FailoverSettings();
  @ValidateNested() @Type(() => CircuitBreakerSettings) circuitBreakers = new CircuitBreakerSettings();
  @ValidateNested() @Type(() => HealthCheckSettings) healthChecks = new HealthCheckSettings();
  @ValidateNested() @Type(() => OutlierDetectionSettings) outlierDetection = new OutlierDetectionSettings();
  @ValidateNested() @Type(() => UpstreamTlsSettings) tls = new UpstreamTlsSettings();
  @ValidateNested() @Type(() => WebSocketSettings) websocket = new WebSocketSettings();
  /**
   * Environment variables a definition may name as a backend secret (`passwordEnv`, `valueEnv`,
   * `clientSecretEnv`) must start with this. Not `PORTICO_`: those variables are settings.
   */
  @IsString()
  @Matches(/^(?!PORTICO_)[A-Za-z_][A-Za-z0-9_]*$/, { message: 'upstream.secretEnvPrefix must be a variable name prefix not starting with PORTICO_ (those variables are settings)' })
  secretEnvPrefix = 'BACKEND_SECRET_';
  /** Where endpoints may point: allowed and denied addresses and ports (SSRF guard). */
  @ValidateNested() @Type(() => UpstreamDestinationSettings) destinations = new UpstreamDestinationSettings();
}

export class LoggingSettings {
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) level: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
  /** `auto`: pretty lines on a terminal, JSON lines (one object per line) anywhere else. */
  @IsIn(['auto', 'json', 'pretty']) format: 'auto' | 'json' | 'pretty' = 'auto';
  /** `stdout`, `stderr` or a file path (relative: to the start directory, like dataDir), appended and reopened on SIGHUP. */
  @IsString() @MinLength(1) destination: 'stdout' | 'stderr' | (string & {}) = 'stdout';
}

export class GatewaySettings {
  /** Where deployments, generated certificates and keys are kept. */
  @IsString() @MinLength(1) dataDir = './data';
  /** Folders and zips deployed at boot (spec §4.3). */
  @IsString() @MinLength(1) apisDir = './config/apis';
  @ValidateNested() @Type(() => DataPlaneSettings) dataPlane = new DataPlaneSettings();
  @ValidateNested() @Type(() => AdminSettings) admin = new AdminSettings();
  /** Gateway environments and their default vhosts (spec §15); the first is the default. */
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => EnvironmentSettings)
  environments: EnvironmentSettings[] = [Object.assign(new EnvironmentSettings(), { name: 'Default', vhost: 'localhost' })];
  @ValidateNested() @Type(() => UpstreamSettings) upstream = new UpstreamSettings();
  @ValidateNested() @Type(() => LoggingSettings) logging = new LoggingSettings();
  /** One line per data-plane request (README "Access log"). */
  @ValidateNested() @Type(() => AccessLogSettings) accessLog = new AccessLogSettings();
  /** Prometheus metrics on the admin listener (README "Metrics"). */
  @ValidateNested() @Type(() => MetricsSettings) metrics = new MetricsSettings();
  /** OpenTelemetry spans over OTLP (README "Tracing"). */
  @ValidateNested() @Type(() => TracingSettings) tracing = new TracingSettings();
  /** What one deployed definition may be: size, nodes, depth, zip expansion, parse thread heap. */
  @ValidateNested() @Type(() => DefinitionLimitsSettings) definitions = new DefinitionLimitsSettings();
  /** Consumer security: token issuers, API keys, internal keys, the test-token endpoint. */
  @ValidateNested() @Type(() => SecuritySettings) security = new SecuritySettings();
  /** The JWT carrying the end user's attributes to backends (spec §13). */
  @ValidateNested() @Type(() => BackendJwtSettings) backendJwt = new BackendJwtSettings();
  /** Where admin deployments are kept: `file` (dataDir, the default) or `redis` (shared by replicas). */
  @ValidateNested() @Type(() => DeploymentStoreSettings) deploymentStore = new DeploymentStoreSettings();
  /**
   * Data-plane processes (node:cluster) sharing the listeners: 1 (one process, the default), a
   * number, or `auto` (one per available core). The admin API runs once, in the primary.
   */
  @ValidateIf((_o, v) => v !== 'auto') @IsInt({ message: 'workers must be auto or a whole number from 1 to 64' }) @Min(1) @Max(64)
  workers: WorkersSetting = 1;

  // Set by the loader after validation, never read from the file (so no initializers here).
  /** Absolute path of the file the settings were read from (undefined: defaults only). */
  configFile?: string;
  /** Directory relative paths in the settings are resolved against. */
  baseDir!: string;
  /** The adapter-style `api_<sha1>_…` endpoint overrides found in the environment (spec §3.6). */
  apiOverrides!: Readonly<Record<string, string>>;
  /** The admin user given by PORTICO_ADMIN_USERNAME / PORTICO_ADMIN_PASSWORD, if any. */
  envAdminUser?: { readonly username: string; readonly password: string };
  /** Environment variable values the `passwordEnv` entries of admin and test-key users name. */
  passwordsFromEnv!: Readonly<Record<string, string>>;
}
