import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import {
  CONNECTOR_METADATA,
  type ConnectorCatalogue,
  type ConnectorDescription,
  type ConnectorFactory,
  type ConnectorStamp,
  contractIncompatibility,
  EXIT_CODES,
  StartupError,
} from '#core';
import { publishedOptionSchema } from './published-option-schema.js';

/** A registered connector type: its factory and what its decorator declared. */
export interface ConnectorRegistration extends ConnectorDescription {
  readonly instance: ConnectorFactory;
}

/** Lower-case words, dot-separated for namespaces: `rest`, `acme.queue`, `acme.sqs-fifo`. */
const TYPE_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * The connector extension point: every provider marked `@GatewayConnector({ type })`, found
 * through discovery once at start. A definition picks its connector by type at deploy time.
 * Providers are matched by the decorator's metadata key, not by class identity, so a connector
 * package with its own copy of @portico/sdk is found, and refused here if its contract version
 * does not fit: a boot that fails is better than deploys that misbehave.
 */
@Injectable()
export class ConnectorRegistry implements OnModuleInit, ConnectorCatalogue {
  private readonly registrations = new Map<string, ConnectorRegistration>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const stamp = stampOf(wrapper);
      if (stamp !== undefined) this.register(wrapper, stamp);
    }
  }

  get(type: string): ConnectorFactory | undefined {
    return this.registrations.get(type)?.instance;
  }

  registration(type: string): ConnectorRegistration | undefined {
    return this.registrations.get(type);
  }

  types(): string[] {
    return [...this.registrations.keys()].sort();
  }

  list(): ConnectorDescription[] {
    return this.types().map((type) => {
      const { instance: _instance, ...description } = this.registrations.get(type)!;
      return description;
    });
  }

  private register(wrapper: InstanceWrapper, stamp: ConnectorStamp): void {
    const module = wrapper.host?.name ?? 'an unknown module';
    const name = `${wrapper.name} in ${module}`;
    const refuse = (why: string): never => {
      throw new StartupError(`connector ${typeof stamp.type === 'string' ? `'${stamp.type}' ` : ''}(${name}) cannot be registered: ${why}`, EXIT_CODES.config);
    };
    const incompatible = contractIncompatibility(stamp.contractVersion);
    if (incompatible !== undefined) refuse(incompatible);
    if (typeof stamp.type !== 'string' || !TYPE_NAME.test(stamp.type)) refuse('@GatewayConnector needs a type of lower-case words, dot-separated (e.g. acme.queue)');
    const instance: unknown = wrapper.instance;
    if (!isFactory(instance)) refuse('it is not a connector factory (extend ConnectorFactory from @portico/sdk, and provide it as a singleton)');
    const existing = this.registrations.get(stamp.type);
    if (existing !== undefined && existing.instance !== instance) {
      refuse(`type '${stamp.type}' is already registered by ${existing.factory} in ${existing.module}; register each type once`);
    }
    this.registrations.set(stamp.type, {
      type: stamp.type,
      ...(stamp.description !== undefined && { description: stamp.description }),
      module,
      factory: wrapper.name,
      contractVersion: stamp.contractVersion,
      capabilities: {
        upgrade: stamp.capabilities?.upgrade === true,
        probe: stamp.capabilities?.probe === true,
        endpoints: stamp.capabilities?.endpoints ?? 'required',
        schemes: stamp.capabilities?.schemes?.map((s) => s.toLowerCase()) ?? (stamp.capabilities?.endpoints === 'none' ? [] : ['http', 'https']),
      },
      options: publishedOptionSchema(stamp.options ?? { type: 'object' }),
      instance: instance as ConnectorFactory,
    });
  }
}

function stampOf(wrapper: InstanceWrapper): ConnectorStamp | undefined {
  const type: unknown = wrapper.metatype;
  if (typeof type !== 'function' || wrapper.inject) return undefined;
  return Reflect.getMetadata(CONNECTOR_METADATA, type) as ConnectorStamp | undefined;
}

/** Class identity is not checked (another copy of the SDK has another ConnectorFactory class); the shape is. */
function isFactory(value: unknown): boolean {
  const candidate = value as Partial<Record<keyof ConnectorFactory, unknown>> | null | undefined;
  return typeof candidate?.create === 'function' && typeof candidate.validate === 'function' && typeof candidate.fingerprint === 'function' && typeof candidate.prepare === 'function';
}
