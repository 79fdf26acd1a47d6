import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ApiSource } from '#core';

export type DocumentFormat = 'yaml' | 'json';

/** An artifact as the pipeline receives it: bytes from the admin API or a store, or a path under `apisDir`. */
export type DeployInput =
  | { readonly kind: 'upload'; readonly bytes: Buffer; readonly format: 'zip' | DocumentFormat; readonly name?: string }
  | { readonly kind: 'path'; readonly path: string; readonly format: 'zip' | 'folder' };

export async function toApiSource(input: DeployInput): Promise<ApiSource> {
  if (input.kind === 'path') {
    if (input.format === 'folder') return { kind: 'folder', path: input.path };
    return { kind: 'zip', data: await readFile(input.path), name: basename(input.path) };
  }
  const named = input.name === undefined ? {} : { name: input.name };
  if (input.format === 'zip') return { kind: 'zip', data: input.bytes, ...named };
  return { kind: 'document', text: input.bytes.toString('utf8'), ...named };
}

const JSON_TYPES = /^application\/(.+\+)?json$/;

/** JSON or YAML: from the content type when it says so, else from the first character. */
export function documentFormat(bytes: Buffer, contentType?: string): DocumentFormat {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType && JSON_TYPES.test(mediaType)) return 'json';
  if (mediaType && mediaType.includes('yaml')) return 'yaml';
  const first = bytes.toString('utf8', 0, Math.min(bytes.length, 256)).trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}
