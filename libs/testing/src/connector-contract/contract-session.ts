import type { Connector, ConnectorStamp, ForwardOutcome, ResponseTarget, UpstreamRequest } from '#core';
import { within } from './bounded-wait.js';
import type { ContractCheck } from './contract-check.js';
import { CONTRACT_CHECKS, contractCheck } from './contract-checks.js';
import type { ContractScenario, ScenarioSetup } from './contract-scenario.js';
import { type ConnectorContractSubject, type ContractCheckId, type ContractTimeouts, DEFAULT_CONTRACT_TIMEOUTS } from './contract-subject.js';
import { ContractViolation, demand, shown, type ContractVerdict } from './contract-verdict.js';
import { FactoryUnderTest } from './factory-under-test.js';

/** The connector's metadata if the subject's factory can be resolved now, for deciding what applies. */
export function declaredStamp(subject: ConnectorContractSubject): ConnectorStamp | undefined {
  try {
    return FactoryUnderTest.of(subject.factory, DEFAULT_CONTRACT_TIMEOUTS.cleanup).stamp;
  } catch {
    // The metadata check reports it.
    return undefined;
  }
}

/** Why a check does not apply to the subject (known before anything runs), or undefined when it does. */
export function notApplicableReason(check: ContractCheck, subject: ConnectorContractSubject, stamp: ConnectorStamp | undefined): string | undefined {
  const declared = subject.notApplicable?.[check.id];
  if (declared !== undefined) return declared;
  const undeclared = stamp === undefined ? undefined : check.notApplicable?.(stamp, subject);
  if (undeclared !== undefined) return undeclared;
  for (const scenario of check.scenarios) {
    const why = subject.scenarios.notApplicable?.[scenario];
    if (why !== undefined) return `needs the ${scenario} scenario, which does not apply: ${why}`;
  }
  return undefined;
}

/**
 * The suite's run against one subject: its scenarios opened once, each check run on its own
 * fresh factory and connectors. `check(id)` returns a verdict, for running checks as functions.
 */
export class ContractSession {
  readonly timeouts: ContractTimeouts;
  private readonly stamp: ConnectorStamp | undefined;

  private constructor(readonly subject: ConnectorContractSubject) {
    this.timeouts = { ...DEFAULT_CONTRACT_TIMEOUTS, ...subject.timeouts };
    this.stamp = declaredStamp(subject);
  }

  static async open(subject: ConnectorContractSubject): Promise<ContractSession> {
    const session = new ContractSession(subject);
    await within('opening the scenarios', session.timeouts.cleanup * 3, subject.scenarios.open?.() ?? Promise.resolve());
    return session;
  }

  async close(): Promise<void> {
    await within('closing the scenarios', this.timeouts.cleanup, this.subject.scenarios.close?.() ?? Promise.resolve());
  }

  async check(id: ContractCheckId): Promise<ContractVerdict> {
    const check = contractCheck(id);
    const reason = notApplicableReason(check, this.subject, this.stamp);
    if (reason !== undefined) return { check: id, status: 'not-applicable', reason };
    try {
      await check.run(this);
      return { check: id, status: 'passed' };
    } catch (error) {
      const why = error instanceof ContractViolation ? error.message : `the check failed with ${shown(error)}`;
      return { check: id, status: 'failed', reason: why };
    }
  }

  /** Every check, in order. */
  async checkAll(): Promise<ContractVerdict[]> {
    const verdicts: ContractVerdict[] = [];
    for (const check of CONTRACT_CHECKS) verdicts.push(await this.check(check.id));
    return verdicts;
  }

  /** A fresh factory for one check (the subject's maker is called again). */
  factory(): FactoryUnderTest {
    return FactoryUnderTest.of(this.subject.factory, this.timeouts.cleanup);
  }

  setup(scenario: ContractScenario): Promise<ScenarioSetup> {
    return within(`setup('${scenario}')`, this.timeouts.cleanup, Promise.resolve().then(() => this.subject.scenarios.setup(scenario)));
  }

  /** The first scenario that applies, for checks that only need some valid cluster. */
  async anySetup(): Promise<ScenarioSetup> {
    const scenarios: ContractScenario[] = ['echo', 'stream', 'hang', 'down'];
    const usable = scenarios.find((s) => this.subject.scenarios.notApplicable?.[s] === undefined);
    demand(usable !== undefined, 'every scenario is declared not applicable: the suite has no cluster to create');
    return this.setup(usable);
  }

  /** Creates a connector for the scenario, runs `use`, then disposes it (bounded, so a stuck dispose fails the check). */
  async withConnector<T>(scenario: ContractScenario, use: (connector: Connector, setup: ScenarioSetup) => Promise<T>): Promise<T> {
    const setup = await this.setup(scenario);
    const connector = await this.factory().connectorFor(setup.spec);
    let result: T;
    try {
      result = await use(connector, setup);
    } catch (error) {
      // The check's own failure says more than a dispose that fails after it.
      await this.dispose(connector).catch(() => undefined);
      throw error;
    }
    await this.dispose(connector);
    return result;
  }

  /** dispose(), bounded. */
  dispose(connector: Connector): Promise<void> {
    return within('dispose()', this.timeouts.cleanup, Promise.resolve().then(() => connector.dispose()));
  }

  /** forward(), bounded: a connector that does not settle fails the check naming `what`. */
  forward(connector: Connector, request: UpstreamRequest, target: ResponseTarget, what: string, ms = this.timeouts.settle): Promise<ForwardOutcome> {
    return within(`settling ${what}`, ms, Promise.resolve().then(() => connector.forward(request, target)));
  }
}
