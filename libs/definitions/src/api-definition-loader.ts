import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { ApiSource, DefinitionLoader, LoadedApi } from '#core';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import { loadApiDefinition } from './load-api-definition.js';
import { type ParsedTextCache, ParsedTextFileCache } from './reading/parsed-text-cache.js';
import { StructuredTextReader } from './reading/structured-text-reader.js';

/**
 * The DefinitionLoader of the gateway: apictl projects (zip or folder) and single definitions.
 * Parsed texts are cached under `<dataDir>/cache/parsed`, so a restart does not parse every
 * deployment's YAML again.
 */
@Injectable()
export class ApiDefinitionLoader implements DefinitionLoader {
  private readonly reader: StructuredTextReader;

  constructor(private readonly settings: GatewaySettings) {
    this.reader = new StructuredTextReader(parsedTextCache(settings));
  }

  load(source: ApiSource): Promise<LoadedApi> {
    return loadApiDefinition(source, this.settings, this.reader);
  }
}

/** No cache where the data directory cannot be written: loading works the same, only slower. */
function parsedTextCache(settings: GatewaySettings): ParsedTextCache | undefined {
  try {
    return new ParsedTextFileCache(join(resolveSettingsPath(settings, settings.dataDir), 'cache', 'parsed'));
  } catch {
    return undefined;
  }
}
