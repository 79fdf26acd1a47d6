/** One listener of the gateway itself, as bound. */
export interface BoundListener {
  /** The setting that names its port (`admin.port`, `dataPlane.httpPort`), so messages point at it. */
  readonly setting: string;
  /** The address it was asked to bind (`0.0.0.0` and `::` mean every local address). */
  readonly host: string;
  /** The port it got: the configured one, or the one the system chose for port 0. */
  readonly port: number;
}

/**
 * The gateway's own listeners, recorded by the gateway as each one opens. The settings may say
 * port 0, so only this tells the upstream destination checks which ports are the gateway's: an
 * endpoint pointing back at the admin API or the data plane must be refused whatever its port.
 * One instance per gateway (provided next to the settings), never a module-level singleton.
 */
export class GatewayListeners {
  private readonly listeners: BoundListener[] = [];

  record(listener: BoundListener): void {
    this.listeners.push(listener);
  }

  get bound(): readonly BoundListener[] {
    return this.listeners;
  }
}
