import { readFile } from 'node:fs/promises';
import { definitionFromFolder, definitionFromZip, documentFormat } from '#admin';
import type { ValidationTarget } from './validation-targets.js';
import { zipFolder } from './project-zip-writer.js';

/** A valid project of the folder, named as the gateway will deploy it. */
export interface LocalProject {
  readonly name: string;
  readonly version: string;
  readonly target: ValidationTarget;
}

/** What the admin API's deploy takes: the project zip, or the definition document itself. */
export interface DeployBody {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The project's definition document as written; undefined when the project has none. */
export async function definitionOf(target: ValidationTarget): Promise<string | undefined> {
  if (target.kind === 'document') return (await readFile(target.path)).toString('utf8');
  const file = target.kind === 'zip' ? await definitionFromZip(await readFile(target.path), Number.MAX_SAFE_INTEGER) : await definitionFromFolder(target.path);
  return file?.body.toString('utf8');
}

/**
 * A zip goes as it is; a folder is zipped in memory, so api.yaml, Endpoints/ and certificates
 * reach the gateway with the definition, as `apictl` would send them.
 */
export async function deployBodyOf(target: ValidationTarget): Promise<DeployBody> {
  if (target.kind === 'zip') return { body: await readFile(target.path), contentType: 'application/zip' };
  if (target.kind === 'folder') return { body: await zipFolder(target.path), contentType: 'application/zip' };
  const body = await readFile(target.path);
  return { body, contentType: documentFormat(body) === 'json' ? 'application/json' : 'application/yaml' };
}
