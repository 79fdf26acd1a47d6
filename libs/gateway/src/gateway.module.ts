import { type DynamicModule, type FactoryProvider, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { AdminEventsModule, AdminModule } from '#admin';
import { MockConnectorModule } from '#connectors/mock';
import { RestConnectorModule } from '#connectors/rest';
import { SoapConnectorModule } from '#connectors/soap';
import { WebSocketConnectorModule } from '#connectors/websocket';
import type { ConnectorFactory, ProcessRole } from '#core';
import { DataPlaneModule } from '#data-plane';
import { type GatewaySettings, SettingsModule } from '#settings';
import { ProcessRoleModule } from './cluster/process-role.module.js';
import { GatewayContractsModule } from './gateway-contracts.module.js';

interface GatewayExtensions {
  /**
   * Extra connector factories, each a class marked `@GatewayConnector({ type })`. (Modules that
   * provide decorated factories can be passed in `imports` instead: discovery finds them.)
   */
  readonly connectors?: readonly Type<ConnectorFactory>[];
  /** Modules composed into the gateway: connector modules, and for forRootAsync what the settings factory injects. */
  readonly imports?: ModuleMetadata['imports'];
  /**
   * What this process is in a run with `workers` (see WorkerSupervisor): `single` (the default)
   * serves both planes; `primary` keeps the admin API and the store; `worker` only serves traffic.
   */
  readonly role?: ProcessRole;
}

export interface GatewayModuleOptions extends GatewayExtensions {
  readonly settings: GatewaySettings;
}

/** The settings made by a factory, e.g. from your own configuration service (Nest's forRootAsync pattern). */
export interface GatewayModuleAsyncOptions extends GatewayExtensions {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...dependencies: never[]) => GatewaySettings | Promise<GatewaySettings>;
}

/**
 * The facade users import: the whole gateway, with the built-in `rest`, `websocket`, `soap` and
 * `mock` connectors, the data plane, the admin API and its event stream. Boot it with
 * `startGateway`, which opens the listeners in order (ARCHITECTURE §5).
 */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return gatewayModule(SettingsModule.forRoot(options.settings), options);
  }

  static forRootAsync(options: GatewayModuleAsyncOptions): DynamicModule {
    const settings = SettingsModule.forRootAsync({ imports: options.imports, inject: options.inject, useFactory: options.useFactory });
    return gatewayModule(settings, options);
  }
}

function gatewayModule(settings: DynamicModule, extensions: GatewayExtensions): DynamicModule {
  return {
    module: GatewayModule,
    imports: [
      settings,
      ProcessRoleModule.forRoot(extensions.role ?? 'single'),
      GatewayContractsModule,
      RestConnectorModule,
      WebSocketConnectorModule,
      SoapConnectorModule,
      MockConnectorModule,
      DataPlaneModule,
      AdminModule,
      AdminEventsModule,
      ...(extensions.imports ?? []),
    ],
    providers: [...(extensions.connectors ?? [])],
  };
}
