import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { UpstreamRequest } from '#core';
import { ContractCancellation } from './contract-cancellation.js';
import { type ContractScenario, RUN_HEADER, type ScenarioSetup } from './contract-scenario.js';

/** One request of a check, with the handles the check needs. */
export interface ContractRequest {
  readonly request: UpstreamRequest;
  readonly run: string;
  readonly cancellation: ContractCancellation;
}

/** The endpoint a scenario's requests and probes go to: the setup's, else the first (-1 for a set without URLs, as the data plane gives). */
export function endpointOf(setup: ScenarioSetup): number {
  return setup.request?.endpoint ?? (setup.spec.endpointSet.urls.length > 0 ? 0 : -1);
}

/** An id for one run of a check, sent in `x-contract-run`. */
export function newRun(scenario: ContractScenario): string {
  return `${scenario}-${randomBytes(6).toString('hex')}`;
}

/**
 * The request a check sends for a scenario: as the data plane would prepare it (lower-case headers,
 * no hop-by-hop ones), with the setup's changes, then the check's own.
 */
export function contractRequest(
  scenario: ContractScenario,
  setup: ScenarioSetup,
  own: { readonly method?: string; readonly body?: Readable | null; readonly headers?: Record<string, string>; readonly timeoutMs?: number } = {},
): ContractRequest {
  const run = newRun(scenario);
  const cancellation = new ContractCancellation();
  const given = setup.request ?? {};
  const request: UpstreamRequest = {
    endpoint: endpointOf(setup),
    // The setup's method wins: a connector may answer by operation, and the operation names its method.
    method: given.method ?? own.method ?? 'GET',
    path: given.path ?? `/contract/${scenario}`,
    headers: { ...given.headers, ...own.headers, [RUN_HEADER]: run },
    body: own.body ?? null,
    cancellation,
    timeoutMs: own.timeoutMs ?? 10_000,
    operation: given.operation,
    principal: given.principal,
  };
  return { request, run, cancellation };
}
