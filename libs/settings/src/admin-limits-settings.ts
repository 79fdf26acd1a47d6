import { IsInt, Max, Min } from 'class-validator';

/**
 * How much the admin listener gives any one client: connections, uploads read at once, and
 * the time a request may take. The admin API serves scripts and apictl, a handful of clients,
 * so these are tight; the data plane has its own (`dataPlane.limits`).
 */
export class AdminLimitsSettings {
  /**
   * Open connections at most (HTTP and HTTPS together). Connections over the cap are closed as
   * soon as they are accepted, before a byte is read; established ones are never touched.
   */
  @IsInt() @Min(1) @Max(100_000) maxConnections = 64;
  /**
   * Authenticated requests whose body is being read at once (each up to admin.maxUploadBytes);
   * one more is answered 503 with Retry-After before its body is read.
   */
  @IsInt() @Min(1) @Max(1000) maxConcurrentUploads = 4;
  /**
   * Time a connection gets to send a complete request head (ms), counted separately for each
   * phase before it: the first byte (HTTP or TLS is told from it) and the TLS handshake.
   * At most 60 s, so it never outlasts requestTimeoutMs.
   */
  @IsInt() @Min(1000) @Max(60_000) headersTimeoutMs = 10_000;
  /** Time a whole request, body included, may take to arrive (ms): a 50 MB upload at 2 Mbit/s takes 200 s. */
  @IsInt() @Min(60_000) @Max(3_600_000) requestTimeoutMs = 300_000;
}

/** The admin event stream (`GET /portico/v1/events`, a WebSocket): deploys, undeploys, endpoint health. */
export class AdminEventsSettings {
  /**
   * Subscribers connected at once (HTTP and HTTPS together); one more handshake is answered 503
   * `admin.events-subscribers-full`. Each holds a connection of admin.limits.maxConnections too.
   */
  @IsInt() @Min(1) @Max(10_000) maxSubscribers = 50;
}

/** A host name, an IPv4 address or a bracketed IPv6 address, without port; or `*` (any Host). */
export const ADMIN_HOST_PATTERN = /^(\*|\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?)$/;

/** `scheme://host[:port]` as browsers send it in `Origin`: http or https, no path. */
export const ADMIN_ORIGIN_PATTERN = /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?)(:\d{1,5})?$/;

export const ADMIN_HOST_MESSAGE = 'each of $property must be a host name, an IPv4 address or a bracketed IPv6 address without a port, or *';
export const ADMIN_ORIGIN_MESSAGE = 'each of $property must be an origin as browsers send it, http(s)://host[:port] without a path';
