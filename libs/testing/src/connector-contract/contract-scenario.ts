import type { ClusterSpec, UpstreamRequest } from '#core';

/**
 * What an endpoint acts out for the contract suite. The kit sends the request; the endpoint must:
 * - `echo`: answer 200 with header `x-contract-echo` set to the request's `x-contract-run` header
 *   and a JSON body `{ method, path, body }` (the request's method, path and body text);
 * - `stream`: answer 200 with `STREAM_CHUNKS` as separate writes, holding back every chunk after
 *   the first until the witness is told the first reached the target (or a fallback expires);
 * - `hang`: never answer, and let the witness know when the request arrived and when its
 *   connection closed;
 * - `down`: be unreachable (a closed port).
 */
export type ContractScenario = 'echo' | 'stream' | 'hang' | 'down';

/** The body the `stream` scenario writes, chunk by chunk. */
export const STREAM_CHUNKS: readonly string[] = ['chunk 1 of 4\n', 'chunk 2 of 4\n', 'chunk 3 of 4\n', 'chunk 4 of 4\n'];

/** The request header carrying the id of one check's run, so an endpoint can tell runs apart. */
export const RUN_HEADER = 'x-contract-run';

/** The response header the `echo` scenario copies the run id into. */
export const ECHO_HEADER = 'x-contract-echo';

/** What an `echo` endpoint answers, as JSON. */
export interface EchoBody {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/** For a connector that answers a scenario itself, whatever the endpoint does (`mock`, websocket's plain requests): what it answers. */
export interface FixedAnswer {
  readonly statusCode: number;
  /** The whole body; left out, the body is not compared. */
  readonly body?: string;
}

/**
 * What the kit can learn from (and tell) the endpoints, by run id. Each member is optional: a
 * check that needs one a witness lacks fails, naming it (checks that merely benefit skip that part).
 */
export interface ScenarioWitness {
  /** Resolves once the run's request reached the endpoint. */
  arrived?(run: string): Promise<void>;
  /**
   * Resolves once the connection that carried the run's request closed (after a cancellation, a
   * timeout, a dispose). Leave it out of the setups of endpoints that hold no connection.
   */
  closed?(run: string): Promise<void>;
  /** The target got the first chunk of the run's stream: the endpoint may write the rest. */
  firstChunkDelivered?(run: string): void;
  /** Whether the stream went on because the kit said so (`signal`) or because the endpoint stopped waiting (`fallback`). */
  streamReleasedBy?(run: string): 'signal' | 'fallback' | undefined;
}

/** The cluster that acts out one scenario, and how to address it. */
export interface ScenarioSetup {
  readonly spec: ClusterSpec;
  /** Changes to the request the kit sends (endpoint 0, or -1 without URLs; path `/contract/<scenario>`). */
  readonly request?: Partial<Pick<UpstreamRequest, 'endpoint' | 'method' | 'path' | 'headers' | 'operation' | 'principal'>>;
  /** Present when the connector answers this scenario itself: the checks compare against it instead of an echo. */
  readonly answer?: FixedAnswer;
  readonly witness?: ScenarioWitness;
}

/** Where the scenarios are acted out, e.g. `httpContractScenarios(...)` over the kit's HTTP backend. */
export interface ContractScenarios {
  /** Scenarios these endpoints cannot act out, each with why: the checks needing them are shown skipped, with the reason. */
  readonly notApplicable?: Partial<Readonly<Record<ContractScenario, string>>>;
  /** Starts what the endpoints need (servers); called once before the checks. */
  open?(): Promise<void>;
  /** A fresh setup for a scenario (called after `open`, possibly several times; equal calls give equal specs). */
  setup(scenario: ContractScenario): ScenarioSetup | Promise<ScenarioSetup>;
  /** Stops what `open` started; called once after the checks. */
  close?(): Promise<void>;
}
