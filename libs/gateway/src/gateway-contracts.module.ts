import { Global, Module } from '@nestjs/common';
import { DefinitionsModule } from '#definitions';
import { RoutingModule } from '#routing';
import { SecurityModule } from '#security';

/**
 * Makes the core contracts' implementations (definition loader, routing publisher, snapshot
 * source, security compiler) injectable in every feature module, which know only the tokens.
 */
@Global()
@Module({
  imports: [RoutingModule, DefinitionsModule, SecurityModule],
  exports: [RoutingModule, DefinitionsModule, SecurityModule],
})
export class GatewayContractsModule {}
