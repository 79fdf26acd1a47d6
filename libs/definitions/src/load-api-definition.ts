import type { ApiDefinition, ApiSource, LoadedApi } from '#core';
import type { GatewaySettings } from '#settings';
import { ProblemCollector } from './problems/problem-collector.js';
import { deepFreeze } from './json/deep-freeze.js';
import { loadDocument } from './project/document-loader.js';
import { loadProject } from './project/project-loader.js';
import { documentLimitsOf } from './reading/document-limits.js';
import { readFolderProject } from './reading/folder-reader.js';
import { StructuredTextReader } from './reading/structured-text-reader.js';
import { type ArtifactLimits, MAX_ZIP_ENTRIES, type ProjectFiles } from './reading/project-files.js';
import { readZipProject } from './reading/zip-reader.js';

/**
 * Turns an artifact into the normalized, frozen ApiDefinition plus warnings, or rejects with a
 * DeployRejectedError listing every problem found. Usable without Nest.
 */
export async function loadApiDefinition(
  source: ApiSource,
  settings: GatewaySettings,
  reader = new StructuredTextReader(documentLimitsOf(settings)),
): Promise<LoadedApi> {
  const problems = new ProblemCollector();
  const api = await build(source, settings, problems, reader);
  problems.throwIfErrors();
  if (!api) throw new Error('the definition loader produced no API and reported no problem');
  return { api: deepFreeze(api), warnings: [...problems.warnings] };
}

async function build(source: ApiSource, settings: GatewaySettings, problems: ProblemCollector, reader: StructuredTextReader): Promise<ApiDefinition | undefined> {
  switch (source.kind) {
    case 'document':
      return loadDocument(source.text, source.name, settings, problems, reader);
    case 'zip': {
      const files = await readZipProject(source.data, artifactLimitsOf(settings), problems);
      return files && !problems.hasErrors ? loadProject(files, settings, problems, reader) : undefined;
    }
    case 'folder': {
      const files = await readFolderProject(source.path, settings.definitions.maxDocumentBytes, problems);
      return files && !problems.hasErrors ? loadProject(files, settings, problems, reader) : undefined;
    }
  }
}

/** The files of a project zip, as a deploy reads them; rejects with DeployRejectedError. */
export async function readProjectZipFiles(data: Buffer, settings: GatewaySettings): Promise<ProjectFiles> {
  const problems = new ProblemCollector();
  const files = await readZipProject(data, artifactLimitsOf(settings), problems);
  problems.throwIfErrors();
  if (files === undefined) throw new Error('the zip reader produced no files and reported no problem');
  return files;
}

function artifactLimitsOf(settings: GatewaySettings): ArtifactLimits {
  const { maxProjectBytes, maxDocumentBytes } = settings.definitions;
  return { maxEntries: MAX_ZIP_ENTRIES, maxBytes: maxProjectBytes, maxFileBytes: maxDocumentBytes };
}
