import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GatewaySettings } from './gateway-settings.js';

/** Makes the validated settings injectable by their class everywhere. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return { module: SettingsModule, providers: [{ provide: GatewaySettings, useValue: settings }], exports: [GatewaySettings] };
  }
}
