/** One interval of an API's traffic (`metrics.trafficSampleSeconds` long, ending at `t`). */
export interface TrafficPoint {
  /** End of the interval, ISO 8601. */
  readonly t: string;
  /** Requests per second that ended in the interval. */
  readonly rps: number;
  /** Share of them answered 5xx, 0..1 (0 without requests). */
  readonly errorRate: number;
  /** Latency percentiles (ms), interpolated inside the histogram bucket; null without requests. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface ApiTraffic {
  readonly name: string;
  readonly version: string;
  /** Oldest first; one per interval of the window, zero where the API had no request. */
  readonly points: readonly TrafficPoint[];
}

/** Recent traffic per deployed API, from the gateway's own request metrics (the dashboard's charts). */
export interface TrafficView {
  readonly intervalSeconds: number;
  /** APIs matching the query: busiest of the window first. */
  readonly total: number;
  readonly apis: readonly ApiTraffic[];
}

/** Which APIs a traffic view holds, and how many minutes back. */
export interface TrafficQuery {
  /** 1–60. */
  readonly minutes: number;
  /** Case-insensitive substring of the API name. */
  readonly query?: string;
  readonly offset?: number;
  readonly limit?: number;
}
