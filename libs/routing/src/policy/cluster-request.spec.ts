import { ENDPOINT_OVERFLOW, type EndpointSet, type ForwardOutcome, NO_ENDPOINT } from '#core';
import { GatewaySettings } from '#settings';
import type { EndpointHealth } from '../health/endpoint-health.js';
import { ClusterRoutingPolicy } from './cluster-routing-policy.js';

const url = (port: number) => ({ rawUrl: `http://127.0.0.1:${port}`, scheme: 'http' as const, host: '127.0.0.1', port, basePath: '' });

function setOf(ports: number[], extra: Partial<EndpointSet> = {}): EndpointSet {
  return { name: 'PRODUCTION', urls: ports.map(url), policy: 'LOAD_BALANCE', location: '#', ...extra };
}

/** Health that records what it was told and lets the test mark members unusable. */
function healthOf(size: number): EndpointHealth & { seen: ForwardOutcome[] } {
  const seen: ForwardOutcome[] = [];
  return {
    usable: new Array<boolean>(size).fill(true),
    panic: false,
    checks: 'off',
    seen,
    record: (_e, outcome) => seen.push(outcome),
    memberStatus: () => ({ state: 'healthy', ejections: 0 }),
    reset: () => undefined,
    dispose: () => undefined,
  };
}

function policyOf(set: EndpointSet, tweak: (s: GatewaySettings) => void = () => undefined): ClusterRoutingPolicy {
  const settings = new GatewaySettings();
  settings.upstream.retry.baseIntervalMs = 10;
  tweak(settings);
  return new ClusterRoutingPolicy(set, healthOf(set.urls.length), settings);
}

const response = (statusCode: number): ForwardOutcome => ({ kind: 'response', statusCode });
const failure = (kind: 'connect' | 'reset' | 'timeout' | 'denied', headSent = false): ForwardOutcome => ({ kind: 'failure', failure: kind, headSent });

describe('ClusterRequest', () => {
  it('retries listed statuses up to the count, with a back-off inside the remaining time, on untried members first', () => {
    const policy = policyOf(setOf([1, 2], { retry: { count: 2, statusCodes: [503] } }));
    const request = policy.begin('GET')!;
    const first = request.pick();
    expect(request.retryDelay(response(500), true, 1000)).toBe(-1);
    const delay = request.retryDelay(response(503), true, 1000);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(10);
    request.record(first, response(503), 5);
    expect(policy.limits.retries).toBe(1);
    const second = request.pick();
    expect(second).not.toBe(first);
    request.record(second, response(503), 5);
    expect(policy.limits.retries).toBe(0);
    expect(request.retryDelay(response(503), true, 1000)).toBeGreaterThanOrEqual(0);
    expect(policy.limits.retries).toBe(1);
    request.record(request.pick(), response(503), 5);
    expect(request.retryDelay(response(503), true, 1000)).toBe(-1);
    request.end();
    expect([policy.limits.requests, policy.limits.retries, policy.limits.tries]).toEqual([0, 0, 0]);
  });

  it('holds one retry slot per request, so one request can retry more often than maxRetries in turn', () => {
    const policy = policyOf(setOf([1], { retry: { count: 5, statusCodes: [503] } }));
    const request = policy.begin('GET')!;
    for (let i = 0; i < 5; i++) {
      const member = request.pick();
      expect(request.retryDelay(response(503), true, 60_000)).toBeGreaterThanOrEqual(0);
      request.record(member, response(503), 1);
      expect(policy.limits.retries).toBe(1);
    }
    request.record(request.pick(), response(503), 1);
    request.end();
    expect(policy.limits.retries).toBe(0);
  });

  it('never retries a body that cannot be replayed, nor a back-off longer than the time left', () => {
    const policy = policyOf(setOf([1], { retry: { count: 3, statusCodes: [503] } }), (s) => (s.upstream.retry.baseIntervalMs = 1000));
    const request = policy.begin('POST')!;
    request.pick();
    expect(request.retryDelay(response(503), false, 60_000)).toBe(-1);
    expect(request.retryDelay(response(503), true, 1)).toBe(-1);
  });

  it('fails over after a connection failure to each other member once; after a reset only for idempotent methods', () => {
    const policy = policyOf(setOf([1, 2, 3]));
    const get = policy.begin('GET')!;
    const tried = [get.pick()];
    expect(get.retryDelay(failure('connect'), true, 1000)).toBe(0);
    get.record(tried[0], failure('connect'), 1);
    tried.push(get.pick());
    expect(get.retryDelay(failure('reset'), true, 1000)).toBe(0);
    get.record(tried[1], failure('reset'), 1);
    tried.push(get.pick());
    expect(new Set(tried).size).toBe(3);
    expect(get.retryDelay(failure('connect'), true, 1000)).toBe(-1);
    get.end();
    const post = policy.begin('POST')!;
    post.pick();
    expect(post.retryDelay(failure('reset'), true, 1000)).toBe(-1);
    expect(post.retryDelay(failure('connect', true), true, 1000)).toBe(-1);
    expect(post.retryDelay(failure('denied'), true, 1000)).toBe(-1);
    expect(post.retryDelay(failure('timeout'), true, 1000)).toBe(-1);
    expect(post.retryDelay(failure('connect'), true, 1000)).toBe(0);
  });

  it('does not fail over with one member or when per-request failover is off', () => {
    expect(policyOf(setOf([1])).mayRetry).toBe(false);
    const off = policyOf(setOf([1, 2]), (s) => (s.upstream.failover.onConnectionFailure = false));
    expect(off.mayRetry).toBe(false);
    const request = off.begin('GET')!;
    request.pick();
    expect(request.retryDelay(failure('connect'), true, 1000)).toBe(-1);
  });

  it('refuses requests beyond maxRequests and tries beyond the connection limits', () => {
    const policy = policyOf(setOf([1], { circuitBreakers: { maxRequests: 1, maxConnections: 1, maxPendingRequests: 0 } }));
    const first = policy.begin('GET')!;
    expect(policy.begin('GET')).toBeUndefined();
    expect(first.pick()).toBe(0);
    expect(first.pick()).toBe(ENDPOINT_OVERFLOW);
    first.end();
    expect(policy.begin('GET')).toBeDefined();
  });

  it('answers NO_ENDPOINT for a set without URLs, and still picks a member when none is usable', () => {
    expect(policyOf({ name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE', location: '#' }).begin('GET')!.pick()).toBe(NO_ENDPOINT);
    const policy = policyOf(setOf([1, 2], { policy: 'FAILOVER' }));
    (policy.health.usable as boolean[]).fill(false);
    expect(policy.begin('GET')!.pick()).toBe(0);
  });
});
