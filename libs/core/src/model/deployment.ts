import type { ApiDefinition } from './api-definition.js';

/** One API served on one vhost of one environment: the unit the routing snapshot is built from. */
export interface Deployment {
  readonly api: ApiDefinition;
  readonly environment: string;
  readonly vhost: string;
}
