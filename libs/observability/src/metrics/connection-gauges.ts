import { Gauge, type Registry } from 'prom-client';
import type { DataPlaneStats } from '#core';

/**
 * The data plane's open connections, WebSockets and requests in flight, read at scrape time
 * from `stats` (undefined in a gateway composed without a data plane: they stay at 0).
 */
export function registerConnectionGauges(registry: Registry, stats: () => DataPlaneStats | undefined): void {
  const gauge = (name: string, help: string, read: (s: DataPlaneStats) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const now = stats();
        if (now !== undefined) this.set(read(now));
      },
    });
  };
  gauge('portico_open_connections', 'Client connections open on the data-plane listeners (HTTP and HTTPS).', (s) => s.openConnections);
  gauge('portico_websocket_connections', 'Upgraded (WebSocket) connections being relayed.', (s) => s.webSockets);
  gauge('portico_requests_in_flight', 'Data-plane requests between arrival and the end of their response.', (s) => s.inFlight);
}
