import type { EndpointSet } from '#core';
import type { GatewaySettings } from '#settings';

/** What the active checker of one cluster does: each field from the set, else from the settings. */
export interface ActiveCheckConfig {
  /** HTTP probe path; undefined: a TCP (and TLS) connect probe. */
  readonly path: string | undefined;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
}

/**
 * The active check of a set, or undefined for none. Spec §8.2 probes only sets with more than one
 * URL; `x-portico-health-check.enabled` overrides that either way. A connector that cannot probe
 * (mock, custom ones) gets no checks.
 */
export function activeCheckConfig(set: EndpointSet, settings: GatewaySettings, canProbe: boolean): ActiveCheckConfig | undefined {
  const defaults = settings.upstream.healthChecks;
  const own = set.healthCheck;
  const enabled = own?.enabled ?? (defaults.enabled && set.urls.length > 1);
  if (!enabled || !canProbe || set.urls.length === 0) return undefined;
  return {
    path: own?.path ?? defaults.path,
    intervalMs: own?.intervalMs ?? defaults.intervalMs,
    timeoutMs: own?.timeoutMs ?? defaults.timeoutMs,
    unhealthyThreshold: own?.unhealthyThreshold ?? defaults.unhealthyThreshold,
    healthyThreshold: own?.healthyThreshold ?? defaults.healthyThreshold,
  };
}

/** `off`, `tcp` or `http <path>`, as the admin view shows it. */
export function checksLabel(config: ActiveCheckConfig | undefined): string {
  if (config === undefined) return 'off';
  return config.path === undefined ? 'tcp' : `http ${config.path}`;
}
