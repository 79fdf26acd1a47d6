import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractApi, type ContractScenario, type ContractScenarios, describeConnectorContract } from '#testing';
import { FunctionConnectorFactory } from './function-connector.factory.js';

/** One promise per run and event, settled by the handlers through `globalThis.contractWitness`. */
class RunEvents<T = void> {
  private readonly events = new Map<string, { promise: Promise<T>; settle: (value: T) => void; value?: T }>();

  of(run: string): { promise: Promise<T>; settle: (value: T) => void; value?: T } {
    let event = this.events.get(run);
    if (event === undefined) {
      let settle!: (value: T) => void;
      const promise = new Promise<T>((resolve) => (settle = resolve));
      const created: { promise: Promise<T>; settle: (value: T) => void; value?: T } = { promise, settle: (value) => ((created.value ??= value), settle(value)) };
      event = created;
      this.events.set(run, event);
    }
    return event;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'portico-function-contract-'));
const releases = new RunEvents<'signal' | 'fallback'>();
const arrivals = new RunEvents();
const closes = new RunEvents();
(globalThis as Record<string, unknown>).contractWitness = {
  released: (run: string) => {
    const release = releases.of(run);
    setTimeout(() => release.settle('fallback'), 2000).unref();
    return release.promise;
  },
  arrived: (run: string) => arrivals.of(run).settle(),
  closed: (run: string) => closes.of(run).settle(),
};

// Each scenario of the contract acted out by a handler module.
writeFileSync(join(dir, 'echo.mjs'), `export default (req) => ({ headers: { 'x-contract-echo': req.headers['x-contract-run'] }, body: { method: req.method, path: req.path, body: req.text() } });`);
writeFileSync(
  join(dir, 'stream.mjs'),
  `export default (req) => ({ headers: { 'content-type': 'text/plain' }, body: (async function* () {
    const run = req.headers['x-contract-run'];
    yield 'chunk 1 of 4\\n';
    await globalThis.contractWitness.released(run);
    for (const chunk of ['chunk 2 of 4\\n', 'chunk 3 of 4\\n', 'chunk 4 of 4\\n']) yield chunk;
  })() });`,
);
writeFileSync(
  join(dir, 'hang.mjs'),
  `export default (req, { signal }) => {
    const run = req.headers['x-contract-run'];
    globalThis.contractWitness.arrived(run);
    return new Promise((_resolve, reject) => signal.addEventListener('abort', () => { globalThis.contractWitness.closed(run); reject(signal.reason); }));
  };`,
);

const scenarios: ContractScenarios = {
  notApplicable: { down: 'a function runs in the gateway: it is never unreachable' },
  setup: (scenario: ContractScenario) => {
    const options = { module: `${scenario}.mjs` };
    const endpointSet = { name: 'PRODUCTION', urls: [], policy: 'LOAD_BALANCE' as const, location: '#/x-wso2-production-endpoints' };
    const api = contractApi('function', { connector: { type: 'function', options }, endpoints: { PRODUCTION: endpointSet } });
    return {
      spec: { api, endpointSet, options },
      witness: {
        arrived: (run) => arrivals.of(run).promise,
        ...(scenario === 'hang' && { closed: (run: string) => closes.of(run).promise }),
        firstChunkDelivered: (run) => releases.of(run).settle('signal'),
        streamReleasedBy: (run) => releases.of(run).value,
      },
    };
  },
  close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
};

describeConnectorContract({ factory: () => new FunctionConnectorFactory({ directory: dir }), scenarios });
