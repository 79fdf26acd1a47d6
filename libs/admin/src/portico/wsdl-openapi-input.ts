import type { DefinitionLoader, WsdlOpenApiInput } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { JsonBodyPipe } from '../http/json-body.pipe.js';
import { ZIP_MEDIA_TYPES } from '../http/upload-input.js';
import { WSDL_MEDIA_TYPES } from './wsdl-body-parser.js';

/** Every body `POST /portico/v1/soap/openapi` reads: a WSDL, a project zip, or JSON `{ url }`. */
export const WSDL_OPENAPI_BODY_TYPES: readonly string[] = [...WSDL_MEDIA_TYPES, ...ZIP_MEDIA_TYPES, 'application/json'];

/**
 * The request body (raw bytes, see AdminBodyParsers and WsdlBodyParser) as the generator's input;
 * a project zip is read by the definition loader, with the defences of a deploy.
 */
export async function wsdlOpenApiInput(body: unknown, contentType: string | undefined, wsdlPath: string | undefined, loader: DefinitionLoader): Promise<WsdlOpenApiInput> {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  if (!Buffer.isBuffer(body) || !WSDL_OPENAPI_BODY_TYPES.includes(mediaType)) {
    throw new AdminHttpError('admin.media-type-unsupported', `send a WSDL, a project zip or JSON { "url": … }, as one of: ${WSDL_OPENAPI_BODY_TYPES.join(', ')}`);
  }
  if (mediaType === 'application/json') return { kind: 'url', url: urlOf(new JsonBodyPipe().transform(body)) };
  if (body.length === 0) throw new AdminHttpError('admin.body-malformed', 'the request body is empty: send the WSDL or a project zip holding it');
  const path = wsdlPath === undefined ? {} : { path: wsdlPath };
  if ((ZIP_MEDIA_TYPES as readonly string[]).includes(mediaType)) return { kind: 'project', files: soapDocumentsOf(await loader.readProjectFiles(body)), ...path };
  return { kind: 'document', text: body.toString('utf8'), ...path };
}

/** The project's WSDL and XSD documents, as text. */
function soapDocumentsOf(files: ReadonlyMap<string, Buffer>): Record<string, string> {
  const documents: Record<string, string> = {};
  for (const [path, bytes] of files) if (path.endsWith('.wsdl') || path.endsWith('.xsd')) documents[path] = bytes.toString('utf8');
  return documents;
}

function urlOf(json: Record<string, unknown>): string {
  const { url, ...others } = json;
  const unknown = Object.keys(others);
  if (unknown.length > 0) throw new AdminHttpError('admin.body-malformed', `the JSON body is { "url": <WSDL URL> }; unknown: ${unknown.join(', ')}`);
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new AdminHttpError('admin.body-malformed', 'the JSON body is { "url": <WSDL URL> } with an http(s) URL');
  }
  return url;
}
