import { type DynamicModule, Module } from '@nestjs/common';
import { MockConnectorModule } from '#connectors/mock';
import { RestConnectorModule } from '#connectors/rest';
import { SoapConnectorModule } from '#connectors/soap';
import { WebSocketConnectorModule } from '#connectors/websocket';
import { GatewayContractsModule } from '#gateway';
import { type GatewaySettings, SettingsModule } from '#settings';
import { ArtifactValidator } from './artifact-validator.js';

/**
 * The parts of the gateway a deploy is validated with (definition loader, routing publisher,
 * the built-in connectors), without the data plane or the admin API: nothing listens, nothing
 * is persisted.
 */
@Module({})
export class ValidationModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return {
      module: ValidationModule,
      imports: [
        SettingsModule.forRoot(settings),
        GatewayContractsModule,
        RestConnectorModule,
        WebSocketConnectorModule,
        SoapConnectorModule,
        MockConnectorModule,
      ],
      providers: [ArtifactValidator],
    };
  }
}
