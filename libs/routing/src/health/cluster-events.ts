import type { GatewayEventApi, GatewayEvents, HealthChangeCause, MemberState } from '#core';
import type { MemberHealthStatus } from './endpoint-health.js';

/**
 * What one cluster tells the gateway's event bus (the admin event stream): its members' health
 * transitions, panic mode, and the connections closed when its drain deadline passed. Called on
 * those changes only, never per request.
 */
export class ClusterEvents {
  constructor(
    private readonly bus: GatewayEvents,
    /** The cluster id of the admin API. */
    private readonly cluster: string,
    private readonly api: GatewayEventApi,
  ) {}

  memberChanged(member: string, from: MemberState, now: MemberHealthStatus, cause: HealthChangeCause): void {
    const { cluster, api } = this;
    const { lastError, ejectedUntil } = now;
    this.bus.publish({
      type: 'endpoint.health',
      cluster,
      api,
      member,
      from,
      to: now.state,
      cause,
      ...(lastError === undefined ? {} : { lastError }),
      ...(ejectedUntil === undefined ? {} : { ejectedUntil }),
    });
  }

  panicChanged(panic: boolean, available: number, members: number): void {
    this.bus.publish({ type: 'cluster.panic', cluster: this.cluster, api: this.api, panic, available, members });
  }

  drained(closed: number): void {
    this.bus.publish({ type: 'cluster.drained', cluster: this.cluster, api: this.api, closed });
  }
}
