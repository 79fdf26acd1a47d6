import { DeployRejectedError } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { type DeployInput, documentFormat } from '../deploy/deploy-input.js';

/**
 * Content types of a single OpenAPI document (YAML or JSON). Not `text/plain`: a browser sends
 * it cross-site without asking first (a CORS "simple" request).
 */
export const DOCUMENT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml'] as const;
/** Content types of an apictl project zip. */
export const ZIP_MEDIA_TYPES = ['application/zip', 'application/octet-stream', 'application/x-zip-compressed'] as const;
/** Every body the admin API reads as raw bytes. */
export const ADMIN_BODY_MEDIA_TYPES: readonly string[] = [...DOCUMENT_MEDIA_TYPES, ...ZIP_MEDIA_TYPES];

/** The Portico API's deploy body (raw bytes, see AdminBodyParsers) as pipeline input. */
export function uploadInput(body: unknown, contentType: string | undefined): DeployInput {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  if (!Buffer.isBuffer(body) || !ADMIN_BODY_MEDIA_TYPES.includes(mediaType)) {
    throw new AdminHttpError(
      'admin.media-type-unsupported',
      `send one OpenAPI document or an apictl project zip, as one of: ${ADMIN_BODY_MEDIA_TYPES.join(', ')}`,
    );
  }
  if (body.length === 0) throw new DeployRejectedError([{ code: 'artifact.unreadable', message: 'the request body is empty' }]);
  if ((ZIP_MEDIA_TYPES as readonly string[]).includes(mediaType)) return { kind: 'upload', bytes: body, format: 'zip' };
  return { kind: 'upload', bytes: body, format: documentFormat(body, mediaType) };
}
