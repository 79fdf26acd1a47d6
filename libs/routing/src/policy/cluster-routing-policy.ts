import { type EndpointSet, type RequestRouting, type RoutingPolicy } from '#core';
import type { GatewaySettings } from '#settings';
import type { EndpointHealth } from '../health/endpoint-health.js';
import { AdmissionLimits } from './admission-limits.js';
import { ClusterRequest } from './cluster-request.js';
import { balancerFor, type LoadBalancer } from './load-balancer.js';
import { RetryRules } from './retry-rules.js';

/**
 * A cluster's routing policy (ARCHITECTURE §3), composed of separate pieces that only see typed
 * try outcomes: admission limits (circuit breakers and retry budget), the balancer, endpoint
 * health (probes and ejection) and the retry rules. One per live cluster, so its state survives
 * redeploys that keep the cluster.
 */
export class ClusterRoutingPolicy implements RoutingPolicy {
  readonly limits: AdmissionLimits;
  readonly rules: RetryRules;
  readonly balancer: LoadBalancer | undefined;
  /** EWMA of try latency per member (ms), for the admin view. */
  readonly latency: number[];
  /** Every member usable: the last resort when health leaves none (panic mode should prevent that). */
  private readonly everyMember: readonly boolean[];

  constructor(
    readonly set: EndpointSet,
    readonly health: EndpointHealth,
    settings: GatewaySettings,
  ) {
    const size = set.urls.length;
    this.limits = new AdmissionLimits(size, set.circuitBreakers, settings.upstream.circuitBreakers, settings.upstream.retry);
    this.rules = new RetryRules(set, settings);
    this.balancer = size === 0 ? undefined : balancerFor(set, this.limits.active);
    this.latency = new Array<number>(size).fill(0);
    this.everyMember = new Array<boolean>(size).fill(true);
  }

  get mayRetry(): boolean {
    return this.rules.mayRetry;
  }

  begin(method: string): RequestRouting | undefined {
    return this.limits.admitRequest() ? new ClusterRequest(this, method) : undefined;
  }

  /** Untried usable members first, then any usable member again, then any member at all. */
  choose(tried: number): number {
    const balancer = this.balancer;
    if (balancer === undefined) return -1;
    const usable = this.health.usable;
    let member = balancer.pick(usable, tried);
    if (member < 0 && tried !== 0) member = balancer.pick(usable, 0);
    return member >= 0 ? member : balancer.pick(this.everyMember, 0);
  }

  learn(member: number, latencyMs: number): void {
    const previous = this.latency[member];
    this.latency[member] = previous === 0 ? latencyMs : previous + (latencyMs - previous) / 8;
  }
}
