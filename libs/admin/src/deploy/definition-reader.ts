import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { GatewaySettings } from '#settings';
import { AdminHttpError } from '../errors/admin-errors.js';
import { DeploymentStore } from '../store/deployment-store.js';
import { type DefinitionFile, definitionFromFolder, definitionFromZip } from './definition-file.js';
import type { ArtifactLocation, DeploymentRecord } from './deployment-record.js';
import { withSecretsMasked } from './definition-secrets.js';

/**
 * Reads the definition a deployment was made from, as written (the document itself, or the one
 * inside the project), with the backend secrets of its `securityConfig`s masked.
 */
@Injectable()
export class DefinitionReader {
  constructor(
    private readonly store: DeploymentStore,
    private readonly settings: GatewaySettings,
  ) {}

  async read(record: DeploymentRecord): Promise<DefinitionFile> {
    let found: DefinitionFile | undefined;
    let reason = 'the artifact has no Definitions/swagger.* or Definitions/asyncapi.* file';
    try {
      found = await this.find(record.artifact);
    } catch (error) {
      reason = (error as Error).message;
    }
    if (!found) {
      throw new AdminHttpError('admin.definition-unavailable', `the definition of ${record.name}:${record.version} cannot be read: ${reason}`);
    }
    return withSecretsMasked(found);
  }

  private async find(artifact: ArtifactLocation): Promise<DefinitionFile | undefined> {
    const limit = this.settings.admin.maxUploadBytes;
    if (artifact.kind === 'stored') {
      const bytes = await this.store.readArtifact(artifact.ref);
      if (artifact.ref.format === 'zip') return definitionFromZip(bytes, limit);
      return { contentType: artifact.ref.format === 'json' ? 'application/json' : 'application/yaml', body: bytes };
    }
    if (artifact.format === 'folder') return definitionFromFolder(artifact.path);
    return definitionFromZip(await readFile(artifact.path), limit);
  }
}
