import { type DynamicModule, Global, Module } from '@nestjs/common';
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
    const providers = [{ provide: GatewaySettings, useValue: settings }, { provide: GatewayListeners, useValue: new GatewayListeners() }, UpstreamDestinationPolicy, BackendSecrets];
    return { module: SettingsModule, providers, exports: [GatewaySettings, GatewayListeners, UpstreamDestinationPolicy, BackendSecrets] };
  }
}
