import type { ContractScenarios } from './contract-scenario.js';

/** The checks of the suite, by id: each is one `it` of `describeConnectorContract`, or one `session.check(id)`. */
export const CONTRACT_CHECK_IDS = [
  'metadata',
  'capabilities',
  'validate-and-fingerprint',
  'fingerprint-options',
  'forwarding',
  'request-streaming',
  'response-streaming',
  'declined-head',
  'abort',
  'timeout',
  'connect-failure',
  'dispose',
  'probe',
  'probe-unreachable',
] as const;

export type ContractCheckId = (typeof CONTRACT_CHECK_IDS)[number];

/**
 * Bounds of the suite's waits, in ms: no check waits longer for anything, so a connector that
 * never settles fails its check instead of hanging the run. The defaults leave room for a loaded machine.
 */
export interface ContractTimeouts {
  /** A forward that should settle (an answer, a refused connect, a cancelled request). */
  readonly settle: number;
  /** The `timeoutMs` the timeout check gives the connector. */
  readonly requestTimeout: number;
  /** A timed-out request: `requestTimeout` plus this at most. */
  readonly timeoutGrace: number;
  /** dispose(), probe(), prepare(), a connection the endpoint should see closed. */
  readonly cleanup: number;
}

export const DEFAULT_CONTRACT_TIMEOUTS: ContractTimeouts = { settle: 3000, requestTimeout: 300, timeoutGrace: 4700, cleanup: 3000 };

/** What the suite runs against: a connector factory and endpoints that act out its scenarios. */
export interface ConnectorContractSubject {
  /** The suite's title; default `<type> connector`. */
  readonly name?: string;
  /**
   * The factory under test, or a function making one (called once to read its metadata while the
   * suite is declared, then once per check). Matched by shape and `@GatewayConnector` metadata,
   * not by class: it may extend another copy of @portico/sdk's ConnectorFactory.
   */
  readonly factory: object | (() => object);
  readonly scenarios: ContractScenarios;
  /**
   * Options other than the scenarios' (and valid), for checking that the fingerprint follows the
   * options. Left out: derived from the declared option schema (a boolean flipped, another enum value).
   */
  readonly optionsVariant?: Readonly<Record<string, unknown>>;
  /** Checks that do not apply to this connector, each with why: shown skipped with the reason, never silently. */
  readonly notApplicable?: Partial<Readonly<Record<ContractCheckId, string>>>;
  readonly timeouts?: Partial<ContractTimeouts>;
}
