import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { AdminModule } from '#admin';
import { MockConnectorModule } from '#connectors/mock';
import { RestConnectorModule } from '#connectors/rest';
import { SoapConnectorModule } from '#connectors/soap';
import { WebSocketConnectorModule } from '#connectors/websocket';
import type { ConnectorFactory } from '#core';
import { DataPlaneModule } from '#data-plane';
import { type GatewaySettings, SettingsModule } from '#settings';
import { GatewayContractsModule } from './gateway-contracts.module.js';

export interface GatewayModuleOptions {
  readonly settings: GatewaySettings;
  /**
   * Extra connector factories, each a class marked `@GatewayConnector({ type })`. (Modules that
   * provide decorated factories can be passed in `imports` instead: discovery finds them.)
   */
  readonly connectors?: readonly Type<ConnectorFactory>[];
  readonly imports?: ModuleMetadata['imports'];
}

/** The facade users import: the whole gateway, with the built-in `rest`, `websocket`, `soap` and `mock` connectors. */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        SettingsModule.forRoot(options.settings),
        GatewayContractsModule,
        RestConnectorModule,
        WebSocketConnectorModule,
        SoapConnectorModule,
        MockConnectorModule,
        DataPlaneModule,
        AdminModule,
        ...(options.imports ?? []),
      ],
      providers: [...(options.connectors ?? [])],
    };
  }
}
