import { Injectable, Module, SetMetadata, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { CONNECTOR_METADATA, type Connector, ConnectorFactory, GatewayConnector, StartupError } from '#core';
import { ConnectorRegistry } from './connector-registry.js';

@GatewayConnector({
  type: 'acme.queue',
  description: 'Queues',
  options: { type: 'object', properties: { queue: { type: 'string' }, retry: { type: 'object', properties: { attempts: { type: 'integer' } } } } },
  capabilities: { probe: true, schemes: ['AMQP', 'amqps'] },
})
@Injectable()
class QueueConnectorFactory extends ConnectorFactory {
  create(): Connector {
    throw new Error('not in this test');
  }
}

@GatewayConnector({ type: 'acme.queue' })
@Injectable()
class OtherQueueConnectorFactory extends QueueConnectorFactory {}

@GatewayConnector({ type: 'Acme Queue' })
@Injectable()
class BadlyNamedConnectorFactory extends QueueConnectorFactory {}

@GatewayConnector({ type: 'acme.plain' })
@Injectable()
class NotAFactory {}

@SetMetadata(CONNECTOR_METADATA, { type: 'acme.old' })
@Injectable()
class UnstampedConnectorFactory extends QueueConnectorFactory {}

@Module({ providers: [QueueConnectorFactory] })
class QueueModule {}

async function registryWith(...providers: Type[]): Promise<ConnectorRegistry> {
  @Module({ providers })
  class ExtraModule {}
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule, QueueModule, ExtraModule], providers: [ConnectorRegistry] }).compile();
  await moduleRef.init();
  return moduleRef.get(ConnectorRegistry);
}

describe('ConnectorRegistry', () => {
  it('lists each registered type with its module, contract version, capabilities and published option schema', async () => {
    const registry = await registryWith();
    expect(registry.types()).toEqual(['acme.queue']);
    expect(registry.list()).toEqual([
      {
        type: 'acme.queue',
        description: 'Queues',
        module: 'QueueModule',
        factory: 'QueueConnectorFactory',
        contractVersion: '1.0',
        capabilities: { upgrade: false, probe: true, endpoints: 'required', schemes: ['amqp', 'amqps'] },
        options: {
          type: 'object',
          properties: { queue: { type: 'string' }, retry: { type: 'object', properties: { attempts: { type: 'integer' } }, additionalProperties: false } },
          additionalProperties: false,
        },
      },
    ]);
    expect(registry.get('acme.queue')).toBeInstanceOf(QueueConnectorFactory);
  });

  it.each([
    [OtherQueueConnectorFactory, "connector 'acme.queue' (OtherQueueConnectorFactory in ExtraModule) cannot be registered: type 'acme.queue' is already registered by QueueConnectorFactory in QueueModule; register each type once"],
    [BadlyNamedConnectorFactory, "connector 'Acme Queue' (BadlyNamedConnectorFactory in ExtraModule) cannot be registered: @GatewayConnector needs a type of lower-case words, dot-separated (e.g. acme.queue)"],
    [NotAFactory, "connector 'acme.plain' (NotAFactory in ExtraModule) cannot be registered: it is not a connector factory (extend ConnectorFactory from @portico/sdk, and provide it as a singleton)"],
    [UnstampedConnectorFactory, "connector 'acme.old' (UnstampedConnectorFactory in ExtraModule) cannot be registered: it declares no valid connector contract version (undefined); it was not built with @portico/sdk's @GatewayConnector"],
  ])('refuses the start for %p, naming the module', async (provider, message) => {
    const start = registryWith(provider as Type);
    await expect(start).rejects.toThrow(StartupError);
    await expect(registryWith(provider as Type)).rejects.toThrow(message);
  });
});
