/** What the data plane has open right now, for the metrics' gauges. */
export interface DataPlaneStats {
  /** Client connections on the HTTP and HTTPS listeners. */
  readonly openConnections: number;
  /** Upgraded (WebSocket) connections being relayed. */
  readonly webSockets: number;
  /** Requests between arrival and the end of their response. */
  readonly inFlight: number;
}

/** `{ stats(): DataPlaneStats }`, provided by the data plane's module (the metrics read it at scrape time). */
export const DATA_PLANE_STATS = Symbol('portico.DataPlaneStats');

export interface DataPlaneStatsSource {
  stats(): DataPlaneStats;
}
