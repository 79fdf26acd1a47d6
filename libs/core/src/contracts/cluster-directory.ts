import type { LoadBalancerAlgorithm, RoutingPolicyKind } from '../model/endpoint-set.js';

/** A member's routing state: `unhealthy` by active probes, `ejected` by passive outlier detection. */
export type MemberState = 'healthy' | 'unhealthy' | 'ejected';

export interface MemberStatus {
  readonly url: string;
  readonly state: MemberState;
  /** When the member entered its state (ISO 8601); absent while healthy since the cluster started. */
  readonly since?: string;
  /** When an ejection ends at the latest (a passing probe re-admits earlier). */
  readonly ejectedUntil?: string;
  /** The last failure seen on the member, by a request or a probe. */
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  /** Times ejected; the next ejection lasts longer (exponential). */
  readonly ejections: number;
  /** Tries in flight to this member. */
  readonly activeRequests: number;
  /** Moving average of the time to a response head, over recent tries (ms; 0 before the first). */
  readonly averageLatencyMs: number;
}

/** A live cluster as the admin API shows it. */
export interface ClusterStatus {
  /** Stable while the cluster lives (survives redeploys that leave the cluster unchanged). */
  readonly id: string;
  readonly api: { readonly id: string; readonly name: string; readonly version: string };
  /** Names of the endpoint sets served by it (e.g. `PRODUCTION`, `/pet/{id} SANDBOX`). */
  readonly endpointSets: readonly string[];
  readonly connectorType: string;
  readonly policy: RoutingPolicyKind;
  readonly balancer: LoadBalancerAlgorithm | 'priority';
  /** `tcp`, `http <path>` or `off`. */
  readonly healthChecks: string;
  /** Fewer than the panic threshold of members are available: traffic goes to all of them. */
  readonly panic: boolean;
  readonly activeRequests: number;
  readonly activeRetries: number;
  readonly members: readonly MemberStatus[];
}

/** The live clusters, for the admin API's health view. */
export interface ClusterDirectory {
  clusters(): readonly ClusterStatus[];
  /** One live cluster, or undefined when no live cluster has the id. */
  cluster(id: string): ClusterStatus | undefined;
  /** Forgets the health and ejection state of a cluster's members (all healthy); false: no such cluster. */
  reset(id: string): boolean;
}
