import { ENDPOINT_OVERFLOW, type ForwardOutcome, NO_ENDPOINT, type RequestRouting } from '#core';
import type { ClusterRoutingPolicy } from './cluster-routing-policy.js';
import { type TriedMembers, withTried } from './load-balancer.js';

/**
 * One request's tries on a cluster: which members it tried, how many retries and failovers it
 * used, and the admission and retry slot it holds until it ends.
 */
export class ClusterRequest implements RequestRouting {
  private tried: TriedMembers = 0;
  private retries = 0;
  private failovers = 0;
  /** A retry was granted; its slot is released when the retried try is recorded (or the request ends). */
  private holdsRetry = false;
  private retryStarted = false;
  private ended = false;

  constructor(
    private readonly policy: ClusterRoutingPolicy,
    private readonly method: string,
  ) {}

  pick(): number {
    const member = this.policy.choose(this.tried);
    if (member < 0) return NO_ENDPOINT;
    if (!this.policy.limits.startTry(member)) return ENDPOINT_OVERFLOW;
    this.tried = withTried(this.tried, member);
    if (this.holdsRetry) this.retryStarted = true;
    return member;
  }

  record(endpoint: number, outcome: ForwardOutcome, latencyMs: number): void {
    const policy = this.policy;
    policy.limits.endTry(endpoint);
    policy.health.record(endpoint, outcome);
    if (outcome.kind === 'response') policy.learn(endpoint, latencyMs);
    if (this.retryStarted) this.releaseRetry();
  }

  retryDelay(outcome: ForwardOutcome, replayable: boolean, remainingMs: number): number {
    if (this.ended || !replayable) return -1;
    const { rules, limits } = this.policy;
    if (outcome.kind === 'response') {
      if (this.retries >= rules.count || !rules.retriesStatus(outcome.statusCode)) return -1;
      const delay = rules.backoffMs(this.retries + 1);
      // A retry that could not start before the route timeout would only turn the answer into a 504.
      if (delay >= remainingMs) return -1;
      // The retry that just answered gives its slot back first: a request holds at most one.
      this.releaseRetry();
      if (!limits.startRetry()) return -1;
      this.retries++;
      this.holdsRetry = true;
      this.retryStarted = false;
      return delay;
    }
    if (outcome.headSent || this.failovers >= rules.failovers || !rules.failsOver(outcome.failure, this.method)) return -1;
    this.failovers++;
    return 0;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.releaseRetry();
    this.policy.limits.releaseRequest();
  }

  private releaseRetry(): void {
    if (!this.holdsRetry) return;
    this.holdsRetry = false;
    this.retryStarted = false;
    this.policy.limits.endRetry();
  }
}
