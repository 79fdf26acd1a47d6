import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ConnectorFactory, GatewayConnector } from '#core';

/**
 * The connector extension point: every provider marked `@GatewayConnector({ type })`, found
 * through discovery once at start. A definition picks its connector by type at deploy time.
 */
@Injectable()
export class ConnectorRegistry implements OnModuleInit {
  private readonly factories = new Map<string, ConnectorFactory>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: GatewayConnector.KEY })) {
      const metadata = this.discovery.getMetadataByDecorator(GatewayConnector, wrapper);
      const instance: unknown = wrapper.instance;
      if (!metadata || typeof metadata.type !== 'string' || metadata.type === '') {
        throw new Error(`${wrapper.name}: @GatewayConnector needs a non-empty type`);
      }
      if (!(instance instanceof ConnectorFactory)) {
        throw new Error(`${wrapper.name} is marked @GatewayConnector but does not extend ConnectorFactory`);
      }
      const existing = this.factories.get(metadata.type);
      if (existing !== undefined && existing !== instance) {
        throw new Error(`connector type '${metadata.type}' is registered twice (${existing.constructor.name}, ${wrapper.name})`);
      }
      this.factories.set(metadata.type, instance);
    }
  }

  get(type: string): ConnectorFactory | undefined {
    return this.factories.get(type);
  }

  types(): string[] {
    return [...this.factories.keys()].sort();
  }
}
