import { createHash } from 'node:crypto';
import type { ApiDefinition } from '../model/api-definition.js';
import type { EndpointSet } from '../model/endpoint-set.js';
import type { Problem } from '../errors/problem.js';
import { stableStringify } from '../model/stable-stringify.js';
import type { Connector } from './connector.js';

/** The longest a connector's `prepare` may take before the deploy is refused. */
export const CONNECTOR_PREPARE_TIMEOUT_MS = 60_000;

const NOTHING_TO_PREPARE: Promise<readonly Problem[]> = Promise.resolve([]);

/** What a connector is built for: one endpoint set of one API, with the API's connector options. */
export interface ClusterSpec {
  readonly api: ApiDefinition;
  readonly endpointSet: EndpointSet;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * One backend type (`rest`, `mock`, …). A Nest singleton marked with `@GatewayConnector({ type })`;
 * validates a cluster's options once and creates one Connector per cluster at deploy time.
 */
export abstract class ConnectorFactory {
  /** Deploy-time checks of the spec; every problem is reported at once. */
  validate(spec: ClusterSpec): readonly Problem[] {
    void spec;
    return [];
  }

  abstract create(spec: ClusterSpec): Connector;

  /**
   * Deploy-time work that has to wait for something (a WSDL or schema to load, possibly over the
   * network) before `validate` and `create` can run, which are synchronous: called once for each
   * API the deploy compiles, before its clusters. Problems refuse the deploy as `validate`'s do;
   * a rejection or a preparation over CONNECTOR_PREPARE_TIMEOUT_MS becomes `connector.prepare-failed`.
   * Keep what was prepared keyed by the ApiDefinition (a WeakMap) for `create`.
   */
  prepare(api: ApiDefinition): Promise<readonly Problem[]> {
    void api;
    return NOTHING_TO_PREPARE;
  }

  /**
   * True for connectors that call no backend (e.g. `mock`): they answer whatever the caller's key
   * type, so production/sandbox selection (spec §7.1) does not apply to their routes.
   */
  get answersEveryKeyType(): boolean {
    return false;
  }

  /**
   * Identity of the cluster's runtime configuration. A redeploy reuses a live connector whose
   * fingerprint is unchanged, so its pools and health state survive. Connectors whose
   * behaviour depends on more of the API than the endpoint set (e.g. `mock`) extend it.
   */
  fingerprint(spec: ClusterSpec): string {
    const { name: _name, location: _location, ...runtime } = spec.endpointSet;
    return createHash('sha256')
      .update(stableStringify({ runtime, options: spec.options, http2: spec.api.http2Backend }))
      .digest('hex');
  }
}
