import { join } from 'node:path';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiSource, DefinitionLoader, LoadedApi } from '#core';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import { loadApiDefinition, readProjectZipFiles } from './load-api-definition.js';
import { documentLimitsOf } from './reading/document-limits.js';
import { ParseThread } from './reading/parse-thread.js';
import { type ParsedTextCache, ParsedTextFileCache } from './reading/parsed-text-cache.js';
import { StructuredTextReader } from './reading/structured-text-reader.js';

/**
 * The DefinitionLoader of the gateway: apictl projects (zip or folder) and single definitions.
 * Texts are parsed on a worker thread, so a deploy never holds the data plane up while YAML is
 * parsed, and parsed texts are cached under `<dataDir>/cache/parsed`, so a restart does not
 * parse every deployment again.
 */
@Injectable()
export class ApiDefinitionLoader implements DefinitionLoader, OnApplicationShutdown {
  private readonly reader: StructuredTextReader;
  private readonly thread: ParseThread | undefined;

  constructor(private readonly settings: GatewaySettings) {
    this.thread = ParseThread.start({ heapMb: settings.definitions.parseThreadHeapMb });
    this.reader = new StructuredTextReader(documentLimitsOf(settings), parsedTextCache(settings), this.thread);
  }

  load(source: ApiSource): Promise<LoadedApi> {
    return loadApiDefinition(source, this.settings, this.reader);
  }

  readProjectFiles(zip: Buffer): Promise<ReadonlyMap<string, Buffer>> {
    return readProjectZipFiles(zip, this.settings);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.thread?.close();
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
