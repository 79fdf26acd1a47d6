import type { ClusterSpec } from '#core';
import { closedPort } from './closed-port.js';
import { ContractHttpBackend } from './contract-http-backend.js';
import type { ContractScenario, ContractScenarios, FixedAnswer, ScenarioSetup } from './contract-scenario.js';

export interface HttpContractScenariosOptions {
  /** The connector's cluster for one endpoint URL (`http://127.0.0.1:<port>`, or `ws://…` with `scheme: 'ws'`). */
  readonly cluster: (url: string) => ClusterSpec;
  /** The scheme the endpoint URLs are written with (the same backend answers both); default `http`. */
  readonly scheme?: 'http' | 'https' | 'ws' | 'wss';
  /** Scenarios the connector answers itself without calling the endpoint, with what it answers. */
  readonly answers?: Partial<Readonly<Record<ContractScenario, FixedAnswer>>>;
  readonly notApplicable?: ContractScenarios['notApplicable'];
}

/** HTTP contract scenarios with the backend acting them out, for suites that want to look at it too. */
export interface HttpContractScenarios extends ContractScenarios {
  /** The running backend (after `open`). */
  readonly backend: ContractHttpBackend;
}

/**
 * Scenarios acted out by the kit's HTTP backend (a real `node:http` server on 127.0.0.1) and a
 * closed port for `down`: what HTTP-family connectors (rest, SOAP pass-through, anything dialling
 * HTTP) plug into the suite with.
 */
export function httpContractScenarios(options: HttpContractScenariosOptions): HttpContractScenarios {
  const scheme = options.scheme ?? 'http';
  let running: { backend: ContractHttpBackend; downPort: number } | undefined;
  const started = (): { backend: ContractHttpBackend; downPort: number } => {
    if (running === undefined) throw new Error('httpContractScenarios: setup() before open()');
    return running;
  };
  return {
    notApplicable: options.notApplicable,
    get backend(): ContractHttpBackend {
      return started().backend;
    },
    async open(): Promise<void> {
      running ??= { backend: await ContractHttpBackend.start(), downPort: await closedPort() };
    },
    setup(scenario: ContractScenario): ScenarioSetup {
      const { backend, downPort } = started();
      const port = scenario === 'down' ? downPort : backend.port;
      const answer = options.answers?.[scenario];
      return {
        spec: options.cluster(`${scheme}://127.0.0.1:${port}`),
        // The data plane sends the endpoint's authority as Host.
        request: { path: `/contract/${scenario}`, headers: { host: `127.0.0.1:${port}` } },
        witness: backend,
        ...(answer !== undefined && { answer }),
      };
    },
    async close(): Promise<void> {
      await running?.backend.stop();
      running = undefined;
    },
  };
}
