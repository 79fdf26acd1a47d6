import { Global, Logger, Module } from '@nestjs/common';
import { BackendSecurityModule } from '#backend-security';
import { SoapConnectorModule } from '#connectors/soap';
import { GATEWAY_EVENTS, GatewayEventBus } from '#core';
import { DefinitionsModule } from '#definitions';
import { ObservabilityModule } from '#observability';
import { RoutingModule } from '#routing';
import { SecurityModule } from '#security';
import { UpstreamModule } from '#upstream';

/** One bus per gateway: its sequence numbers are the admin event stream's. */
const gatewayEvents = {
  provide: GATEWAY_EVENTS,
  useFactory: () => {
    const logger = new Logger('GatewayEvents');
    return new GatewayEventBus((message, error) => logger.error(message, error instanceof Error ? error.stack : String(error)));
  },
};

/**
 * Makes the core contracts' implementations (definition loader, routing publisher, snapshot
 * source, consumer and backend security compilers, backend TLS, gateway events, the soap connector's WSDL → OpenAPI generator, the request observers) injectable in every feature module, which know only the tokens.
 */
@Global()
@Module({
  imports: [RoutingModule, DefinitionsModule, SecurityModule, UpstreamModule, BackendSecurityModule, SoapConnectorModule, ObservabilityModule],
  providers: [gatewayEvents],
  exports: [RoutingModule, DefinitionsModule, SecurityModule, UpstreamModule, BackendSecurityModule, SoapConnectorModule, ObservabilityModule, GATEWAY_EVENTS],
})
export class GatewayContractsModule {}
