import { Global, Module } from '@nestjs/common';
import { BackendSecurityModule } from '#backend-security';
import { DefinitionsModule } from '#definitions';
import { RoutingModule } from '#routing';
import { SecurityModule } from '#security';
import { UpstreamModule } from '#upstream';

/**
 * Makes the core contracts' implementations (definition loader, routing publisher, snapshot
 * source, consumer and backend security compilers, backend TLS) injectable in every feature module, which know only the tokens.
 */
@Global()
@Module({
  imports: [RoutingModule, DefinitionsModule, SecurityModule, UpstreamModule, BackendSecurityModule],
  exports: [RoutingModule, DefinitionsModule, SecurityModule, UpstreamModule, BackendSecurityModule],
})
export class GatewayContractsModule {}
