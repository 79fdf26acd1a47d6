import 'reflect-metadata';
import { checkConnectorOptions, type ClusterSpec, CONNECTOR_METADATA, type Connector, type ConnectorFactory, type ConnectorStamp } from '#core';
import { within } from './bounded-wait.js';
import { ContractViolation, demand, shown } from './contract-verdict.js';

/** What the gateway calls on a factory; matched by shape, as the connector registry does. */
export type ConnectorFactoryShape = Pick<ConnectorFactory, 'create' | 'validate' | 'fingerprint' | 'prepare'>;

/** Whether a value has a factory's methods (class identity is not checked: another SDK copy has another class). */
export function isFactoryShape(value: unknown): value is ConnectorFactoryShape {
  const candidate = value as Partial<Record<keyof ConnectorFactoryShape, unknown>> | null | undefined;
  return ['create', 'validate', 'fingerprint', 'prepare'].every((name) => typeof candidate?.[name as keyof ConnectorFactoryShape] === 'function');
}

/** What `@GatewayConnector` recorded on the factory's class, read as the gateway reads it. */
export function stampOf(factory: object): ConnectorStamp | undefined {
  return Reflect.getMetadata(CONNECTOR_METADATA, factory.constructor) as ConnectorStamp | undefined;
}

/**
 * The factory of one check, driven as the gateway's deploy drives it: options checked against the
 * declared schema (defaults filled in), `prepare`, `validate`, then `create`.
 */
export class FactoryUnderTest {
  constructor(
    readonly factory: ConnectorFactoryShape,
    readonly stamp: ConnectorStamp,
    private readonly prepareMs: number,
  ) {}

  /** Resolves the subject's factory (an instance or a maker) and its metadata; throws a violation when either is missing. */
  static of(given: object | (() => object), prepareMs: number): FactoryUnderTest {
    const factory = typeof given === 'function' && !isFactoryShape(given) ? (given as () => object)() : given;
    demand(isFactoryShape(factory), 'the factory has no create, validate, fingerprint and prepare methods (extend ConnectorFactory)');
    const stamp = stampOf(factory);
    demand(stamp !== undefined, `${factory.constructor.name} has no @GatewayConnector metadata (${CONNECTOR_METADATA})`);
    return new FactoryUnderTest(factory, stamp, prepareMs);
  }

  /** The spec as the gateway hands it over: options checked against the declared schema, defaults filled in. */
  checkedSpec(spec: ClusterSpec): ClusterSpec {
    const { options, problems } = checkConnectorOptions(this.stamp.options ?? { type: 'object' }, spec.options);
    demand(problems.length === 0, `the scenario's options do not fit the declared option schema: ${problems.map((p) => p.message).join('; ')}`);
    if ((this.stamp.capabilities?.endpoints ?? 'required') === 'required') {
      demand(spec.endpointSet.urls.length > 0, 'the connector requires endpoints (capabilities.endpoints) and the scenario gives none');
    }
    return { ...spec, options };
  }

  /** The spec as a deploy that accepts it hands it to `create`: options checked, `prepare` done, `validate` without problems. */
  async deployable(raw: ClusterSpec): Promise<ClusterSpec> {
    const spec = this.checkedSpec(raw);
    const prepared = await within('prepare()', this.prepareMs, Promise.resolve().then(() => this.factory.prepare(spec.api)));
    demand(Array.isArray(prepared) && prepared.length === 0, `prepare() refused the scenario's API: ${shown(prepared)}`);
    const problems = this.factory.validate(spec);
    demand(Array.isArray(problems) && problems.length === 0, `validate() refused the scenario's spec: ${shown(problems)}`);
    return spec;
  }

  /** Prepares, validates and creates a connector for the spec, failing the check on any problem. */
  async connectorFor(raw: ClusterSpec): Promise<Connector> {
    const spec = await this.deployable(raw);
    let connector: Connector;
    try {
      connector = this.factory.create(spec);
    } catch (error) {
      throw new ContractViolation(`create() threw for a spec validate() accepted: ${shown(error)}`);
    }
    demand(typeof connector?.forward === 'function' && typeof connector.dispose === 'function', 'create() returned no connector (forward and dispose)');
    return connector;
  }
}
