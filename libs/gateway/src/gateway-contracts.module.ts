import { Global, Module } from '@nestjs/common';
import { DefinitionsModule } from '#definitions';
import { RoutingModule } from '#routing';

/**
 * Makes the core contracts' implementations (definition loader, routing publisher and snapshot
 * source) injectable in every feature module, which know only the tokens.
 */
@Global()
@Module({
  imports: [RoutingModule, DefinitionsModule],
  exports: [RoutingModule, DefinitionsModule],
})
export class GatewayContractsModule {}
