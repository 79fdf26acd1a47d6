import { Global, Module } from '@nestjs/common';
import { ADMIN_TLS, DATA_PLANE_TLS, type TlsCredentials } from '#core';
import { DefinitionsModule } from '#definitions';
import { RoutingModule } from '#routing';
import { GatewaySettings } from '#settings';
import { listenerCredentials } from './listener-credentials.js';

/**
 * Makes the core contracts' implementations (definition loader, routing publisher and snapshot
 * source, listener certificates) injectable in every feature module, which know only the tokens.
 */
@Global()
@Module({
  imports: [RoutingModule, DefinitionsModule],
  providers: [
    {
      provide: DATA_PLANE_TLS,
      inject: [GatewaySettings],
      useFactory: (settings: GatewaySettings) => listenerCredentials(settings, settings.dataPlane.tls, 'dataPlane'),
    },
    {
      provide: ADMIN_TLS,
      inject: [GatewaySettings, DATA_PLANE_TLS],
      useFactory: (settings: GatewaySettings, dataPlane: TlsCredentials) => {
        const { certFile, keyFile } = settings.admin.tls;
        return certFile === undefined && keyFile === undefined ? dataPlane : listenerCredentials(settings, settings.admin.tls, 'admin');
      },
    },
  ],
  exports: [RoutingModule, DefinitionsModule, DATA_PLANE_TLS, ADMIN_TLS],
})
export class GatewayContractsModule {}
