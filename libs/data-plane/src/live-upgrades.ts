import type { Interruptible } from './client-exchange.js';
import { GOING_AWAY } from './upgrade-call.js';

/**
 * The upgraded (WebSocket) connections in progress. They outlive their handshake request and
 * the HTTP server does not see them any more, so the data plane keeps them here to close them
 * with 1001 when it shuts down.
 */
export class LiveUpgrades {
  private readonly connections = new Set<Interruptible>();

  get size(): number {
    return this.connections.size;
  }

  add(connection: Interruptible): void {
    this.connections.add(connection);
  }

  delete(connection: Interruptible): void {
    this.connections.delete(connection);
  }

  /** Every connection is told the gateway is going away: its connector closes both sides with 1001. */
  closeAll(): void {
    for (const connection of [...this.connections]) connection.interrupt(GOING_AWAY);
  }
}
