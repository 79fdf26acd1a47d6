import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { CONTRACT_CHECKS } from './contract-checks.js';
import { ContractSession, declaredStamp, notApplicableReason } from './contract-session.js';
import { type ConnectorContractSubject, DEFAULT_CONTRACT_TIMEOUTS } from './contract-subject.js';

/**
 * Declares the connector contract suite for a connector as one jest `describe`: one `it` per
 * check, and a visibly skipped `it` (its title saying why) for each check that does not apply.
 * Every wait inside is bounded, so a misbehaving connector fails its checks instead of hanging.
 */
export function describeConnectorContract(subject: ConnectorContractSubject): void {
  const stamp = declaredStamp(subject);
  const name = subject.name ?? `${stamp?.type ?? 'unregistrable'} connector`;
  const timeouts = { ...DEFAULT_CONTRACT_TIMEOUTS, ...subject.timeouts };
  // Room for the longest check: a few bounded waits in a row.
  const checkTimeout = 4 * (timeouts.settle + timeouts.cleanup) + timeouts.requestTimeout + timeouts.timeoutGrace;
  describe(`${name}: connector contract`, () => {
    let session: ContractSession | undefined;

    beforeAll(async () => {
      session = await ContractSession.open(subject);
    }, checkTimeout);

    afterAll(async () => {
      await session?.close();
    }, checkTimeout);

    for (const check of CONTRACT_CHECKS) {
      const reason = notApplicableReason(check, subject, stamp);
      if (reason !== undefined) {
        it.skip(`${check.title} — not applicable: ${reason}`, () => undefined);
        continue;
      }
      it(
        check.title,
        async () => {
          if (session === undefined) throw new Error('the contract scenarios did not open');
          const verdict = await session.check(check.id);
          if (verdict.status === 'failed') throw new Error(`${name} breaks the connector contract (${check.id}): ${verdict.reason}`);
        },
        checkTimeout,
      );
    }
  });
}
