import type { EndpointSet } from '#core';

/** Chooses the endpoint of a set for the next attempt. */
export interface EndpointPicker {
  pick(): number;
}

/** Round robin over every URL of a load-balanced set (spec §8.2). */
export class RoundRobinPicker implements EndpointPicker {
  private next = 0;

  constructor(private readonly size: number) {}

  pick(): number {
    const chosen = this.next;
    this.next = chosen + 1 === this.size ? 0 : chosen + 1;
    return chosen;
  }
}

/**
 * Failover sets send everything to the highest-priority URL (spec §8.3). Moving to the next
 * priority needs endpoint health, which the routing-policy work adds; until then the primary
 * serves, which is what Choreo Connect does while its health checker sees the primary up.
 */
export class PrimaryFirstPicker implements EndpointPicker {
  pick(): number {
    return 0;
  }
}

const NO_ENDPOINT: EndpointPicker = { pick: () => -1 };

export function pickerFor(set: EndpointSet): EndpointPicker {
  if (set.urls.length === 0) return NO_ENDPOINT;
  if (set.urls.length === 1 || set.policy === 'FAILOVER') return new PrimaryFirstPicker();
  return new RoundRobinPicker(set.urls.length);
}
