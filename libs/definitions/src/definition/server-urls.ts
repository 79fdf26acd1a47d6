import type { EndpointUrl } from '#core';
import type { EndpointDraft } from '../endpoints/endpoint-draft.js';
import { parseEndpointUrl } from '../endpoints/endpoint-url.js';
import { childPointer, locationOf } from '../json/json-pointer.js';
import { isObject } from '../json/json-value.js';
import type { DefinitionContext } from './parsed-definition.js';

export interface ServerUrls {
  /** Load-balanced set over the absolute server URLs; undefined when there are none. */
  readonly draft?: EndpointDraft;
  /** Pointer of the last absolute server URL read, whose path is the base path. */
  readonly last?: { readonly url: EndpointUrl; readonly pointer: string };
}

/**
 * OpenAPI 3 `servers` (spec §3.3): absolute URLs become a load-balanced endpoint set; relative
 * ones (`/`, `/v1`) are skipped. Choreo Connect skips unparsable entries with an error log, so
 * they are warnings here.
 */
export function readServerUrls(servers: unknown, pointer: string, name: string, ctx: DefinitionContext): ServerUrls {
  if (!Array.isArray(servers)) return {};
  const urls: EndpointUrl[] = [];
  let last: ServerUrls['last'];
  servers.forEach((server: unknown, i) => {
    const raw = isObject(server) && typeof server.url === 'string' ? server.url : '';
    if (raw.trim() === '' || raw.trim().startsWith('/')) return;
    const urlPointer = childPointer(pointer, i, 'url');
    const parsed = parseEndpointUrl(raw, ctx.family);
    if ('problem' in parsed) {
      ctx.problems.warn(parsed.problem.code, `${parsed.problem.message} (server entry ignored)`, locationOf(ctx.file, urlPointer));
      return;
    }
    urls.push(parsed.url);
    last = { url: parsed.url, pointer: urlPointer };
  });
  if (urls.length === 0) return {};
  return { draft: { name, urls, policy: 'LOAD_BALANCE', location: locationOf(ctx.file, pointer) }, last };
}
