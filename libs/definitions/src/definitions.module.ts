import { Module } from '@nestjs/common';
import { DEFINITION_LOADER } from '#core';
import { ApiDefinitionLoader } from './api-definition-loader.js';

/** Provides DEFINITION_LOADER; needs GatewaySettings from SettingsModule. */
@Module({
  providers: [{ provide: DEFINITION_LOADER, useClass: ApiDefinitionLoader }],
  exports: [DEFINITION_LOADER],
})
export class DefinitionsModule {}
