import type { CircuitBreakerConfig, RetryConfig } from '#core';
import type { GatewaySettings } from '#settings';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { isObject } from '../json/json-value.js';

export interface AdvanceConfig {
  readonly retry?: RetryConfig;
  readonly timeoutMs?: number;
  readonly circuitBreakers?: CircuitBreakerConfig;
}

const BREAKER_KEYS = ['maxConnections', 'maxRequests', 'maxPendingRequests', 'maxRetries', 'maxConnectionPools'] as const;

/**
 * Reads `advanceEndpointConfig` (spec §9). A value of the wrong shape rejects the deploy; values
 * out of range are normalised as Choreo Connect does, each with a warning.
 */
export function readAdvanceConfig(
  value: unknown,
  extension: string,
  location: string,
  settings: GatewaySettings,
  problems: ProblemCollector,
): AdvanceConfig | undefined {
  const invalid = (): undefined => {
    problems.error('endpoint.advance-config-invalid', `Invalid schema for advanceEndpointConfig in ${extension}`, location);
    return undefined;
  };
  if (!isObject(value)) return invalid();
  const { timeoutInMillis, retryConfig, circuitBreakers } = value;
  if (timeoutInMillis !== undefined && !isWholeNumber(timeoutInMillis, 0)) return invalid();
  if (retryConfig !== undefined && !isRetryShape(retryConfig)) return invalid();
  if (circuitBreakers !== undefined && !isBreakerShape(circuitBreakers)) return invalid();
  const timeoutMs = timeoutInMillis === undefined ? undefined : capTimeout(timeoutInMillis as number, location, settings, problems);
  const retry = retryConfig === undefined ? undefined : normaliseRetry(retryConfig as RetryShape, location, settings, problems);
  const breakers = circuitBreakers === undefined ? undefined : keepPositive(circuitBreakers as BreakerShape, location, problems);
  return { timeoutMs, retry, circuitBreakers: breakers };
}

interface RetryShape {
  readonly count?: number;
  readonly statusCodes?: readonly number[];
}
type BreakerShape = Partial<Record<(typeof BREAKER_KEYS)[number], number>>;

function isWholeNumber(value: unknown, min = Number.MIN_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function isRetryShape(value: unknown): value is RetryShape {
  if (!isObject(value)) return false;
  const { count, statusCodes } = value;
  if (count !== undefined && !isWholeNumber(count)) return false;
  return statusCodes === undefined || (Array.isArray(statusCodes) && statusCodes.every((c) => isWholeNumber(c, 0)));
}

function isBreakerShape(value: unknown): value is BreakerShape {
  return isObject(value) && BREAKER_KEYS.every((k) => value[k] === undefined || isWholeNumber(value[k]));
}

/** A timeout of 0 means "not set", so api.yaml's actionDuration or the global timeout applies. */
export function capTimeout(timeoutMs: number, location: string, settings: GatewaySettings, problems: ProblemCollector): number | undefined {
  if (timeoutMs === 0) return undefined;
  const max = settings.upstream.maxRouteTimeoutMs;
  if (timeoutMs <= max) return timeoutMs;
  problems.warn('endpoint.timeout-capped', `timeoutInMillis ${timeoutMs} is above the maximum route timeout; ${max} ms is used`, location);
  return max;
}

/** Retry count and codes as Choreo Connect normalises them (spec §9.1). */
export function normaliseRetry(retry: RetryShape, location: string, settings: GatewaySettings, problems: ProblemCollector): RetryConfig {
  const max = settings.upstream.retry.maxRetryCount;
  let count = retry.count ?? 0;
  if (count < 0 || count > max) {
    problems.warn('endpoint.retry-adjusted', `retry count ${count} is outside 0..${max}; ${max} is used`, location);
    count = max;
  }
  const written = retry.statusCodes ?? [];
  const valid = written.filter((c) => c >= 401 && c <= 598);
  if (valid.length < written.length) {
    const dropped = written.filter((c) => !valid.includes(c));
    const fallback = valid.length === 0 ? `; the default codes ${settings.upstream.retry.statusCodes.join(', ')} are used` : '';
    problems.warn('endpoint.retry-adjusted', `retry status codes ${dropped.join(', ')} are outside 401-598 and were dropped${fallback}`, location);
  }
  return { count, statusCodes: valid.length > 0 ? valid : [...settings.upstream.retry.statusCodes] };
}

function keepPositive(breakers: BreakerShape, location: string, problems: ProblemCollector): CircuitBreakerConfig | undefined {
  const kept: Record<string, number> = {};
  for (const key of BREAKER_KEYS) {
    const value = breakers[key];
    if (value === undefined) continue;
    if (value > 0) kept[key] = value;
    else problems.warn('endpoint.circuit-breaker-dropped', `circuit breaker ${key} = ${value} is not positive and was dropped`, location);
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
