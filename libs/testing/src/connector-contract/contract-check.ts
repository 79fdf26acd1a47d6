import type { ConnectorStamp } from '#core';
import type { ContractScenario } from './contract-scenario.js';
import type { ContractSession } from './contract-session.js';
import type { ConnectorContractSubject, ContractCheckId } from './contract-subject.js';

/**
 * One rule of the connector contract, checked against a running session: `run` throws a
 * ContractViolation (or anything else) when the connector breaks it.
 */
export interface ContractCheck {
  readonly id: ContractCheckId;
  /** The `it` title. */
  readonly title: string;
  /** Scenarios it acts out; when one does not apply, neither does the check. */
  readonly scenarios: readonly ContractScenario[];
  /** Why the check does not apply to a connector declaring this metadata (known before anything runs). */
  notApplicable?(stamp: ConnectorStamp, subject: ConnectorContractSubject): string | undefined;
  run(session: ContractSession): Promise<void>;
}
