import type { ContractCheck } from './contract-check.js';
import { demand } from './contract-verdict.js';

/**
 * The declared capabilities are what the connectors do: `probe` and `upgrade` are there exactly
 * when declared (the gateway relies on the declaration), and `endpoints: 'none'` creates a
 * connector for a set without URLs.
 */
export const capabilitiesCheck: ContractCheck = {
  id: 'capabilities',
  title: 'capability honesty: probe and upgrade exist exactly when declared; endpoints "none" creates without URLs',
  scenarios: [],
  run: async (session) => {
    const factory = session.factory();
    const declared = factory.stamp.capabilities ?? {};
    const setup = await session.anySetup();
    const connector = await factory.connectorFor(setup.spec);
    try {
      const probe = typeof connector.probe === 'function';
      const upgrade = typeof connector.upgrade === 'function';
      demand(probe === (declared.probe === true), probe ? 'its connectors have probe() without declaring capabilities.probe' : 'it declares capabilities.probe but its connectors have no probe()');
      demand(upgrade === (declared.upgrade === true), upgrade ? 'its connectors have upgrade() without declaring capabilities.upgrade' : 'it declares capabilities.upgrade but its connectors have no upgrade()');
    } finally {
      await session.dispose(connector);
    }
    if (declared.endpoints === 'none') {
      const spec = { ...setup.spec, endpointSet: { ...setup.spec.endpointSet, urls: [] } };
      const bare = await factory.connectorFor(spec);
      await session.dispose(bare);
    }
  },
};
