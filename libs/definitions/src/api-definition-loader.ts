import { Injectable } from '@nestjs/common';
import type { ApiSource, DefinitionLoader, LoadedApi } from '#core';
import { GatewaySettings } from '#settings';
import { loadApiDefinition } from './load-api-definition.js';

/** The DefinitionLoader of the gateway: apictl projects (zip or folder) and single definitions. */
@Injectable()
export class ApiDefinitionLoader implements DefinitionLoader {
  constructor(private readonly settings: GatewaySettings) {}

  load(source: ApiSource): Promise<LoadedApi> {
    return loadApiDefinition(source, this.settings);
  }
}
