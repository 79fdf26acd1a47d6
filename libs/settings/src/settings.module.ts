import { type DynamicModule, type FactoryProvider, Global, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { GatewayListeners } from '#core';
import { BackendSecrets } from './backend-secrets.js';
import { GatewaySettings } from './gateway-settings.js';
import { UpstreamDestinationPolicy } from './upstream-destination-policy.js';

/**
 * Makes the validated settings injectable by their class everywhere, with what completes them
 * at run time: the ports the listeners were actually bound to (filled in by the gateway as each
 * opens) and the upstream destination rules compiled against both.
 */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return settingsModule({ provide: GatewaySettings, useValue: settings }, []);
  }

  /** Settings made by a factory (e.g. from the application's own configuration service); a result that is not a GatewaySettings fails the start. */
  static forRootAsync(options: SettingsFactoryOptions): DynamicModule {
    const provider = {
      provide: GatewaySettings,
      inject: options.inject ?? [],
      useFactory: async (...dependencies: never[]) => {
        const settings = await options.useFactory(...dependencies);
        if (!(settings instanceof GatewaySettings)) {
          throw new Error('GatewayModule.forRootAsync: useFactory must return GatewaySettings (from loadSettings or loadProcessSettings)');
        }
        return settings;
      },
    };
    return settingsModule(provider, options.imports ?? []);
  }
}

export interface SettingsFactoryOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...dependencies: never[]) => GatewaySettings | Promise<GatewaySettings>;
}

function settingsModule(settings: Provider, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
  const providers = [settings, { provide: GatewayListeners, useValue: new GatewayListeners() }, UpstreamDestinationPolicy, BackendSecrets];
  return { module: SettingsModule, imports, providers, exports: [GatewaySettings, GatewayListeners, UpstreamDestinationPolicy, BackendSecrets] };
}
